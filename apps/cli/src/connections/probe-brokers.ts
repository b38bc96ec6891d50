import { TransportError } from "@switchyard/kafka";
import { connect } from "node:net";

/**
 * Checks that at least one broker accepts a TCP connection within the
 * timeout, before kafkajs (whose retries run for tens of seconds) is asked to
 * do anything: an unreachable broker then fails fast with one line.
 */
export async function probeBrokers(brokers: readonly string[], timeoutMs: number): Promise<void> {
  const attempts = brokers.map((broker) => probeBroker(broker, timeoutMs));
  try {
    await Promise.any(attempts);
  } catch {
    const reasons = (await Promise.allSettled(attempts)).map((outcome, index) =>
      outcome.status === "rejected" ? `${brokers[index]}: ${(outcome.reason as Error).message}` : "",
    );
    throw new TransportError(`cannot reach Kafka (${reasons.filter(Boolean).join("; ")}); check KAFKA_BROKERS`, {
      retryable: false,
    });
  }
}

function probeBroker(broker: string, timeoutMs: number): Promise<void> {
  const separator = broker.lastIndexOf(":");
  const host = broker.slice(0, separator);
  const port = Number(broker.slice(separator + 1));
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.once("connect", () => {
      clearTimeout(timer);
      socket.end();
      resolve();
    });
    socket.once("error", (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      socket.destroy();
      reject(new Error(error.code ?? error.message));
    });
  });
}
