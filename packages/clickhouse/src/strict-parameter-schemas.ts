import { z } from "zod";

const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
/** ISO-8601 with a time and a zone (Z or ±hh:mm), seconds and fractions optional. */
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * A number, or the decimal text of one (a command-line parameter). Unlike
 * z.coerce.number(), an empty or blank string is refused, not read as 0 (an
 * empty --param minAgreement= would otherwise flip a recommendation).
 */
export function strictNumber(schema: z.ZodNumber = z.number()) {
  return z.preprocess((value) => (typeof value === "string" && DECIMAL.test(value.trim()) ? Number(value.trim()) : value), schema);
}

/**
 * A Date, or an ISO-8601 time with its zone (2026-11-28T00:00:00Z). Unlike
 * z.coerce.date(), "2026", "1" or "Nov 28" are refused: a lenient reading
 * silently queries another period than the one meant.
 */
export const StrictDateSchema = z
  .union([z.date(), z.string().regex(ISO_TIME, { message: "expected an ISO-8601 time with its zone, such as 2026-11-28T00:00:00Z" })])
  .transform((value) => (value instanceof Date ? value : new Date(value)))
  .refine((date) => !Number.isNaN(date.getTime()), { message: "expected a valid date" });
