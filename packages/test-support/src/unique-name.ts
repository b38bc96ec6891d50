import { randomBytes } from "node:crypto";

/** A short suffix that no other test run (on this machine or beside it) uses: time, then randomness. */
export function uniqueSuffix(): string {
  return `${Date.now().toString(36)}${randomBytes(3).toString("hex")}`;
}

/** A topic, group or client name of its own for one test: `prefix-<unique suffix>`. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${uniqueSuffix()}`;
}

/** A database name of its own (letters, digits and underscores only). */
export function uniqueDatabaseName(prefix: string): string {
  return `${prefix}_${uniqueSuffix()}`.replace(/[^A-Za-z0-9_]/g, "_");
}
