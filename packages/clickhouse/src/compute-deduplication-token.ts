import { createHash } from "node:crypto";

/**
 * The insert_deduplication_token of a batch: a hash over the table and the
 * batch's sorted ids, each length-prefixed. Joined with a separator instead,
 * ["a\nb"] and ["a", "b"] would share a token and the server would drop the
 * second batch as a repeat of the first.
 */
export function computeDeduplicationToken(table: string, ids: readonly string[]): string {
  const hash = createHash("sha256");
  for (const part of [table, ...[...ids].sort()]) {
    const bytes = Buffer.from(part, "utf8");
    const length = Buffer.alloc(4);
    length.writeUInt32BE(bytes.length);
    hash.update(length).update(bytes);
  }
  return hash.digest("hex");
}
