import type { Logger } from "@switchyard/platform";
import { AbandonableWork } from "./abandonable-work";
import type { IncomingMessage } from "./message";
import { MessageContext } from "./message-context";
import type { BatchHandlerContext } from "./message-handler";

/**
 * The context of messages of one partition handled together (a handler's
 * `handleBatch`). Abandoning it abandons the per-message contexts made for
 * its failures (their dead letters).
 */
export class BatchContext extends AbandonableWork implements BatchHandlerContext {
  private childLogger: Logger | null = null;
  private readonly dependents: MessageContext[] = [];

  constructor(
    private readonly parentLogger: Logger,
    readonly messages: readonly IncomingMessage[],
  ) {
    super();
  }

  get topic(): string {
    return this.messages[0]?.topic ?? "";
  }

  /** Bound to topic, partition and the batch's first and last offsets. */
  get logger(): Logger {
    const first = this.messages[0];
    this.childLogger ??= this.parentLogger.child({
      topic: first?.topic,
      partition: first?.partition,
      offsets: `${first?.offset ?? ""}-${this.messages.at(-1)?.offset ?? ""}`,
    });
    return this.childLogger;
  }

  /** A context of its own for one of the batch's messages, abandoned with the batch. */
  messageContext(message: IncomingMessage): MessageContext {
    const context = new MessageContext(this.parentLogger, message);
    const reason = this.abandonedWith;
    if (reason) context.abandon(reason);
    this.dependents.push(context);
    return context;
  }

  protected override onAbandon(reason: Error): void {
    for (const dependent of this.dependents) dependent.abandon(reason);
  }
}
