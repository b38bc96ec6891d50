/**
 * Offsets of one partition that the loop took over, finished in any order.
 * The commit point is the lowest unfinished offset (everything below it is
 * done), or one past the last taken offset when nothing is unfinished.
 */
export class PartitionOffsetTracker {
  private readonly taken: bigint[] = [];
  private head = 0;
  private readonly finished = new Set<bigint>();
  private next: bigint | null = null;
  private first: bigint | null = null;
  private committed: bigint | null = null;

  /** True when this offset was taken before (fetched again after a rebalance). */
  isTaken(offset: string): boolean {
    return this.next !== null && BigInt(offset) < this.next;
  }

  /** Takes an offset over; false when it was taken before. */
  take(offset: string): boolean {
    const value = BigInt(offset);
    if (this.next !== null && value < this.next) return false;
    this.first ??= value;
    this.taken.push(value);
    this.next = value + 1n;
    return true;
  }

  finish(offset: string): void {
    const value = BigInt(offset);
    if (this.next === null || value >= this.next || value < (this.taken[this.head] ?? this.next)) return;
    this.finished.add(value);
    while (this.head < this.taken.length && this.finished.delete(this.taken[this.head] as bigint)) this.head += 1;
    // Drop the finished prefix now and then, so memory follows the unfinished window.
    if (this.head > 1024 && this.head * 2 > this.taken.length) {
      this.taken.splice(0, this.head);
      this.head = 0;
    }
  }

  /** The offset to commit (the next one to consume), or null before anything was taken. */
  commitPoint(): string | null {
    const lowestUnfinished = this.taken[this.head];
    if (lowestUnfinished !== undefined) return lowestUnfinished.toString();
    return this.next === null ? null : this.next.toString();
  }

  /** True when the commit point moved past the last commit (or, before any commit, past the first offset taken). */
  needsCommit(): boolean {
    const point = this.commitPoint();
    const base = this.committed ?? this.first;
    return point !== null && base !== null && BigInt(point) > base;
  }

  markCommitted(offset: string): void {
    const value = BigInt(offset);
    if (this.committed === null || value > this.committed) this.committed = value;
  }

  /** Messages taken over but not committed yet (in flight or finished). */
  uncommittedCount(): number {
    if (this.next === null) return 0;
    const base = this.committed ?? this.first ?? this.next;
    return Number(this.next - base);
  }

  /** Messages taken over and not finished. */
  unfinishedCount(): number {
    return this.taken.length - this.head - this.finished.size;
  }

  lastCommitted(): string | null {
    return this.committed === null ? null : this.committed.toString();
  }
}
