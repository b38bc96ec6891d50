import { TransportError } from "./transport-error";
import { describeError, type DependencyCondition } from "@switchyard/platform";

// Commit errors that mean the group moved on: our generation or membership is gone.
const GROUP_MOVED_ON = new Set(["REBALANCE_IN_PROGRESS", "ILLEGAL_GENERATION", "UNKNOWN_MEMBER_ID", "FENCED_INSTANCE_ID"]);

// Protocol errors that waiting cannot heal: the credentials, the ACLs or the request itself are wrong.
// Not INVALID_REPLICATION_FACTOR: a broker starting or stopping has no registered brokers for a moment
// and answers it to every creation (seen in fault scenario 13); the total wait bounds a cluster too small.
const REFUSED_TYPES = new Set([
  "SASL_AUTHENTICATION_FAILED",
  "UNSUPPORTED_SASL_MECHANISM",
  "ILLEGAL_SASL_STATE",
  "TOPIC_AUTHORIZATION_FAILED",
  "GROUP_AUTHORIZATION_FAILED",
  "CLUSTER_AUTHORIZATION_FAILED",
  "TRANSACTIONAL_ID_AUTHORIZATION_FAILED",
  "DELEGATION_TOKEN_AUTHORIZATION_FAILED",
  "INVALID_PARTITIONS",
  "INVALID_TOPIC_EXCEPTION",
  "INVALID_CONFIG",
  "POLICY_VIOLATION",
]);
const REFUSED_NAMES = new Set(["KafkaJSSASLAuthenticationError"]);

interface KafkaJsErrorShape {
  name?: string;
  type?: string;
  code?: unknown;
  retriable?: boolean;
  cause?: unknown;
  errors?: unknown;
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

// The chain plus the members of aggregate errors (one per topic of a createTopics), bounded.
function everyLink(error: unknown): KafkaJsErrorShape[] {
  const links = causeChain(error);
  const members = links.flatMap((link) => (Array.isArray(link.errors) ? link.errors.slice(0, 20) : []));
  return [...links, ...members.flatMap((member) => causeChain(member))];
}

/**
 * What a failure to reach the broker, create topics or join a group means at
 * start: refused (authentication, authorisation, an invalid topic setting)
 * cannot heal; everything else (connection refused, unknown topic or
 * partition, not leader, coordinator loading, a join that failed, no broker
 * registered yet for the replication factor) is waited out. The name is the protocol error type, else the socket error code, else
 * the kafkajs error class.
 */
export function classifyKafkaStartupError(error: unknown): DependencyCondition {
  const links = everyLink(error);
  const refused = links.find((link) => (link.type !== undefined && REFUSED_TYPES.has(link.type)) || (link.name !== undefined && REFUSED_NAMES.has(link.name)));
  if (refused) return { kind: "refused", name: refused.type ?? refused.name ?? "refused", detail: describeError(refused) };
  const typed = links.find((link) => typeof link.type === "string" && link.type !== "UNKNOWN");
  const coded = links.find((link) => typeof link.code === "string" && /^E[A-Z]+$/.test(link.code));
  const innermost = links[links.length - 1] ?? {};
  const name = typed?.type ?? (coded?.code as string | undefined) ?? innermost.name ?? "unknown";
  return { kind: "transient", name, detail: describeError(innermost) };
}

/** True when a commit failed because the partitions are no longer ours. */
export function isGroupMovedOnError(error: unknown): boolean {
  return causeChain(error).some((link) => link.type !== undefined && GROUP_MOVED_ON.has(link.type));
}

/**
 * The broker asked is no longer the group's coordinator (it restarted, or the
 * offsets partition's leadership moved). kafkajs keeps sending commits to it
 * while the connection stays open, and finds the new one only by rejoining.
 */
export function isStaleCoordinatorError(error: unknown): boolean {
  return causeChain(error).some((link) => link.type === "NOT_COORDINATOR_FOR_GROUP");
}

/** kafkajs' own rule: retriable when retries ran out on a retriable cause, or the cause says so. */
export function isRetriableKafkaError(error: unknown): boolean {
  if (error === null || typeof error !== "object") return false;
  if ((error as KafkaJsErrorShape).name === "KafkaJSNumberOfRetriesExceeded") return true;
  return originalCause(error).retriable === true;
}

/** Maps a kafkajs failure to the platform error the consumer loop branches on. */
export function toTransportError(action: string, error: unknown): TransportError {
  return new TransportError(`${action} failed: ${describeError(error)}`, {
    retryable: isRetriableKafkaError(error),
    cause: error,
  });
}
