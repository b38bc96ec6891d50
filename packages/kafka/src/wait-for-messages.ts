import { TransportError } from "./transport-error";
import type { IncomingMessage } from "./message";
import type { Transport } from "./transport";

export interface WaitForMessagesOptions {
  topic: string;
  /** Resolves once this is true of the messages read so far. */
  until(messages: readonly IncomingMessage[]): boolean;
  timeoutMs: number;
  /** Default true: count what the topic already holds. */
  fromBeginning?: boolean;
}

/**
 * Reads a topic until a condition holds (e.g. a result for every task), for
 * tests and the command line; rejects after the timeout with what it saw.
 */
export async function waitForMessages(transport: Transport, options: WaitForMessagesOptions): Promise<IncomingMessage[]> {
  const messages: IncomingMessage[] = [];
  let finish: (error?: Error) => void = () => undefined;
  const finished = new Promise<void>((resolve, reject) => {
    finish = (error) => (error ? reject(error) : resolve());
  });
  const subscription = await transport.subscribe({
    topics: [options.topic],
    fromBeginning: options.fromBeginning ?? true,
    onMessage(message) {
      messages.push(message);
      if (options.until(messages)) finish();
    },
  });
  if (options.until(messages)) finish();
  const timer = setTimeout(
    () =>
      finish(
        new TransportError(`timed out after ${options.timeoutMs} ms waiting on ${options.topic} (read ${messages.length} messages)`, { retryable: false }),
      ),
    options.timeoutMs,
  );
  try {
    await finished;
    return [...messages];
  } finally {
    clearTimeout(timer);
    await subscription.stop();
  }
}
