import { z } from "zod";

/** A duration such as "90s", "45m", "6h" or "2d": at most 7 digits, one unit. */
const DURATION = /^(\d{1,7})(s|m|h|d)$/;
const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/**
 * A task's `deadline`: an ISO-8601 time with an offset, or a duration from
 * the task's creation. Anything else makes the task invalid.
 */
export const DeadlineSchema = z
  .string()
  .max(64)
  .refine((value) => DURATION.test(value) || z.iso.datetime({ offset: true }).safeParse(value).success, {
    message: 'expected an ISO-8601 time with an offset (e.g. "2026-11-30T06:00:00Z") or a duration such as "6h" (s, m, h or d)',
  });

/**
 * The deadline as milliseconds since the epoch. A duration counts from
 * `createdAtMs` (the task's createdAt, else the time it was published), so a
 * redelivered task keeps the deadline it was given.
 */
export function resolveDeadline(deadline: string, createdAtMs: number): number {
  const duration = DURATION.exec(deadline);
  if (duration) return createdAtMs + Number(duration[1]) * UNIT_MS[duration[2] as keyof typeof UNIT_MS];
  return Date.parse(deadline);
}
