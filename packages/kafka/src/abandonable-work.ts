/**
 * Work of the consumer loop that can be abandoned (partition revoked, drain
 * timeout). Its AbortSignal is made on first use: most work never waits.
 */
export abstract class AbandonableWork {
  private controller: AbortController | null = null;
  private abandonReason: Error | null = null;

  /** The topic the work was consumed from, for metrics. */
  abstract readonly topic: string;

  get signal(): AbortSignal {
    if (!this.controller) {
      this.controller = new AbortController();
      if (this.abandonReason) this.controller.abort(this.abandonReason);
    }
    return this.controller.signal;
  }

  get abandoned(): boolean {
    return this.abandonReason !== null;
  }

  /** Why the work was abandoned; null while it is not. */
  get abandonedWith(): Error | null {
    return this.abandonReason;
  }

  abandon(reason: Error): void {
    if (this.abandonReason) return;
    this.abandonReason = reason;
    this.controller?.abort(reason);
    this.onAbandon(reason);
  }

  protected onAbandon(_reason: Error): void {}
}
