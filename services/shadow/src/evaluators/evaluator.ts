import type { TaskEvent } from "@switchyard/contracts";
import type { AttemptRecord, ModelProvider, PricingCatalog, RetryPolicy } from "@switchyard/llm";
import type { RoutingConfig } from "@switchyard/routing";

/** What the model calls of an evaluator (the judge) may use. */
export interface JudgeOptions {
  provider: ModelProvider;
  pricing: PricingCatalog;
  retryPolicy: RetryPolicy;
  signal: AbortSignal;
  /** Told of every judge call as it settles (abandoned ones included), for the ledger. */
  onAttempt?: (attempt: AttemptRecord) => void;
}

/** One shadow pair: the original tier's answer and the cheaper tier's, for the same task. */
export interface EvaluationInput {
  routing: RoutingConfig;
  task: TaskEvent;
  original: { text: string; json: unknown };
  shadow: { text: string; json: unknown };
  judge: JudgeOptions;
}

export interface Evaluation {
  /** Stored in llm_shadow.evaluator: the evaluator's name, or more precisely what judged (judge:<model>). */
  evaluator: string;
  score: number;
  agree: boolean;
  /** Model calls the evaluation made, to be published as usage events with role judge. */
  judgeAttempts: AttemptRecord[];
}

/** Judges one shadow pair. A new evaluator is one file with one of these, registered by name. */
export interface Evaluator {
  evaluate(input: EvaluationInput): Promise<Evaluation>;
}
