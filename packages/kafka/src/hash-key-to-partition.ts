/** A stable partition for a key (FNV-1a over its UTF-8 bytes), so one task's events share a partition. */
export function hashKeyToPartition(key: string, partitions: number): number {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(key, "utf8")) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % partitions;
}
