import { ConfigurationError } from "@switchyard/platform";
import { z } from "zod";

/** The page's time range and filters, bounded before anything reaches a report. */
export interface DashboardQuery {
  from: Date;
  to: Date;
  taskType: string | undefined;
  tenant: string | undefined;
  feature: string | undefined;
}

const DAY_MS = 86_400_000;
/** The longest range one page load may ask for. */
export const MAX_RANGE_DAYS = 400;
export const DEFAULT_RANGE_DAYS = 7;

const IsoTimeSchema = z.iso.datetime({ offset: true }).max(40);
// Names as the router's metadata and task types use them; anything else is refused rather than quoted.
const FilterSchema = z
  .string()
  .max(128)
  .regex(/^[A-Za-z0-9_.:@/-]*$/)
  .transform((value) => (value === "" ? undefined : value));

const QuerySchema = z
  .object({
    from: IsoTimeSchema.optional(),
    to: IsoTimeSchema.optional(),
    taskType: FilterSchema.optional(),
    tenant: FilterSchema.optional(),
    feature: FilterSchema.optional(),
  })
  .strict();

/** Reads the API's search parameters; unknown, repeated or malformed ones are a ConfigurationError (HTTP 400). */
export function readDashboardQuery(parameters: URLSearchParams, now: Date = new Date()): DashboardQuery {
  const raw: Record<string, string> = {};
  for (const [key, value] of parameters) {
    if (key === "token") continue;
    if (key in raw) throw new ConfigurationError(key, "is given twice");
    raw[key] = value;
  }
  const parsed = QuerySchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigurationError(String(issue?.path[0] ?? "query"), issue?.message ?? "is not valid");
  }
  const to = parsed.data.to === undefined ? now : new Date(parsed.data.to);
  const from = parsed.data.from === undefined ? new Date(to.getTime() - DEFAULT_RANGE_DAYS * DAY_MS) : new Date(parsed.data.from);
  if (from.getTime() >= to.getTime()) throw new ConfigurationError("from", "must be before to");
  if (to.getTime() - from.getTime() > MAX_RANGE_DAYS * DAY_MS) throw new ConfigurationError("from", `the range is at most ${MAX_RANGE_DAYS} days`);
  return { from, to, taskType: parsed.data.taskType, tenant: parsed.data.tenant, feature: parsed.data.feature };
}
