/** When a model stops answering, as its provider announced it. */
export interface EndOfLife {
  /** YYYY-MM-DD (UTC): from this day requests to the model fail. */
  endOfLife: string;
  /** The page (or package) the date was read from. */
  source: string;
  /** YYYY-MM-DD: the day it was checked. */
  checkedOn: string;
  note?: string;
}

/** Model id → its announced end of life. Models not listed have none announced. */
export type LifecycleTable = Readonly<Record<string, EndOfLife>>;

export type LifecycleStatus = "active" | "deprecated" | "retired";

export interface ModelLifecycle {
  model: string;
  /** active: no end of life announced; deprecated: announced, not reached; retired: reached. */
  status: LifecycleStatus;
  endOfLife: string | null;
  source: string | null;
}
