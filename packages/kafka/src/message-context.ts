import type { Logger } from "@switchyard/platform";
import { AbandonableWork } from "./abandonable-work";
import type { IncomingMessage } from "./message";
import type { HandlerContext } from "./message-handler";

/**
 * One message's handler context. Its child logger and its AbortSignal are made
 * on first use: most messages never log or wait, and making both for every
 * message was a tenth of a busy sink's CPU.
 */
export class MessageContext extends AbandonableWork implements HandlerContext {
  private childLogger: Logger | null = null;
  private knownTaskId: string | undefined;
  private parked = false;

  constructor(
    private readonly parentLogger: Logger,
    readonly message: IncomingMessage,
    private readonly onPark: (context: MessageContext) => void = () => undefined,
  ) {
    super();
  }

  get topic(): string {
    return this.message.topic;
  }

  get isParked(): boolean {
    return this.parked;
  }

  park(): void {
    if (this.parked) return;
    this.parked = true;
    this.onPark(this);
  }

  /** Bound to topic, partition and offset, and to the task id once it is known. */
  get logger(): Logger {
    this.childLogger ??= this.parentLogger.child({
      topic: this.message.topic,
      partition: this.message.partition,
      offset: this.message.offset,
      ...(this.knownTaskId === undefined ? {} : { taskId: this.knownTaskId }),
    });
    return this.childLogger;
  }

  get taskId(): string | undefined {
    return this.knownTaskId;
  }

  set taskId(taskId: string | undefined) {
    this.knownTaskId = taskId;
    if (taskId !== undefined && this.childLogger) this.childLogger = this.childLogger.child({ taskId });
  }
}
