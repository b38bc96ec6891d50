import { DependencyUnavailableError, describeError } from "@switchyard/platform";

// Commit errors that mean the group moved on: our generation or membership is gone.
const GROUP_MOVED_ON = new Set(["REBALANCE_IN_PROGRESS", "ILLEGAL_GENERATION", "UNKNOWN_MEMBER_ID", "FENCED_INSTANCE_ID"]);

interface KafkaJsErrorShape {
  name?: string;
  type?: string;
  retriable?: boolean;
  cause?: unknown;
}

function originalCause(error: unknown): KafkaJsErrorShape {
  let current = error as KafkaJsErrorShape;
  while (current.cause !== undefined && current.cause !== null && typeof current.cause === "object") current = current.cause as KafkaJsErrorShape;
  return current;
}

function causeChain(error: unknown): KafkaJsErrorShape[] {
  const chain: KafkaJsErrorShape[] = [];
  let current: unknown = error;
  while (current !== null && typeof current === "object" && chain.length < 10) {
    chain.push(current as KafkaJsErrorShape);
    current = (current as KafkaJsErrorShape).cause;
  }
  return chain;
}

/** True when a commit failed because the partitions are no longer ours. */
export function isGroupMovedOnError(error: unknown): boolean {
  return causeChain(error).some((link) => link.type !== undefined && GROUP_MOVED_ON.has(link.type));
}

/** kafkajs' own rule: retriable when retries ran out on a retriable cause, or the cause says so. */
export function isRetriableKafkaError(error: unknown): boolean {
  if (error === null || typeof error !== "object") return false;
  if ((error as KafkaJsErrorShape).name === "KafkaJSNumberOfRetriesExceeded") return true;
  return originalCause(error).retriable === true;
}

/** Maps a kafkajs failure to the platform error the consumer loop branches on. */
export function toTransportError(action: string, error: unknown): DependencyUnavailableError {
  return new DependencyUnavailableError("transport_unavailable", `${action} failed: ${describeError(error)}`, {
    retryable: isRetriableKafkaError(error),
    cause: error,
  });
}
