import { StorageError } from "./storage-error";
import { SwitchyardError, describeError, type DependencyCondition } from "@switchyard/platform";

/**
 * ClickHouse error codes that say "not now" rather than "never": the server is
 * overloaded, short of memory or disk, read-only, unreachable, or not set up
 * (unknown database or table, bad credentials). Retrying is right for these:
 * rejecting would dead-letter events that are fine. Every other code means the
 * statement or its data is wrong.
 */
const UNAVAILABLE_CODES = new Set<number>([
  3, // UNEXPECTED_END_OF_FILE (connection cut mid-request)
  32, // ATTEMPT_TO_READ_AFTER_EOF
  60, // UNKNOWN_TABLE (migrations not applied yet)
  81, // UNKNOWN_DATABASE
  159, // TIMEOUT_EXCEEDED
  164, // READONLY
  173, // CANNOT_ALLOCATE_MEMORY
  192, // UNKNOWN_USER
  193, // WRONG_PASSWORD
  194, // REQUIRED_PASSWORD
  202, // TOO_MANY_SIMULTANEOUS_QUERIES
  203, // NO_FREE_CONNECTION
  209, // SOCKET_TIMEOUT
  210, // NETWORK_ERROR
  225, // NO_ZOOKEEPER
  236, // ABORTED
  241, // MEMORY_LIMIT_EXCEEDED
  242, // TABLE_IS_READ_ONLY
  243, // NOT_ENOUGH_SPACE
  252, // TOO_MANY_PARTS
  285, // TOO_LESS_LIVE_REPLICAS (insert_quorum: a replica is down)
  286, // UNSATISFIED_QUORUM_FOR_PREVIOUS_WRITE
  289, // REPLICA_IS_NOT_IN_QUORUM (select_sequential_consistency: this replica lags)
  279, // ALL_CONNECTION_TRIES_FAILED
  319, // UNKNOWN_STATUS_OF_INSERT
  394, // QUERY_WAS_CANCELLED
  425, // SYSTEM_ERROR
  439, // CANNOT_SCHEDULE_TASK
  497, // ACCESS_DENIED
  516, // AUTHENTICATION_FAILED
  999, // KEEPER_EXCEPTION
]);

/**
 * The ClickHouse error code of an engine error. chDB carries it as
 * `clickhouseCode`; newer servers' errors parsed by @clickhouse/client carry it
 * as a numeric `code` string; 18.16 formats its exceptions as
 * `Code: 62, e.displayText() = …`, which the client does not parse, so the
 * code is read from that prefix (the server's protocol, not prose).
 */
export function readClickHouseErrorCode(error: unknown): number | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const clickhouseCode = (error as { clickhouseCode?: unknown }).clickhouseCode;
  if (typeof clickhouseCode === "number" && clickhouseCode > 0) return clickhouseCode;
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string" && /^\d+$/.test(code)) return Number(code);
  const message = (error as { message?: unknown }).message;
  if (typeof message !== "string") return undefined;
  const match = /^Code: (\d+)[.,]/.exec(message.trim());
  return match ? Number(match[1]) : undefined;
}

/**
 * Wraps an engine error for callers that branch on `code`: a ClickHouse code in
 * the list above, or no ClickHouse code at all (connection refused or reset,
 * HTTP 5xx from a proxy, timeouts) → `storage_unavailable`; any other
 * ClickHouse code (syntax, types, unparsable data) → `storage_rejected`. A
 * TypeError or RangeError is a value we could not send (a row that does not
 * serialise): rejected, so a writer does not retry it forever.
 */
export function classifyStorageError(error: unknown, operation: string): SwitchyardError {
  if (error instanceof SwitchyardError) return error;
  const code = readClickHouseErrorCode(error);
  const detail = `ClickHouse ${operation} failed: ${describeError(error)}`;
  if (code === undefined && (error instanceof TypeError || error instanceof RangeError)) {
    return new StorageError("storage_rejected", detail, { cause: error });
  }
  if (code === undefined || UNAVAILABLE_CODES.has(code)) {
    return new StorageError("storage_unavailable", detail, { cause: error });
  }
  return new StorageError("storage_rejected", detail, { cause: error });
}

// Credentials or grants: a writer keeps retrying them (an operator may fix them live), a start stops on them.
const REFUSED_AT_START_CODES = new Set<number>([192, 193, 194, 497, 516]);

function clickHouseCodeInChain(error: unknown): number | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 10 && current !== null && typeof current === "object"; depth += 1) {
    const code = readClickHouseErrorCode(current);
    if (code !== undefined) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * What a failure to reach ClickHouse or apply the migrations means at start:
 * refused for bad credentials, missing grants and statements the server
 * rejects (waiting will not change them); otherwise (connection refused, a
 * server still loading, timeouts) it is waited out.
 */
export function classifyClickHouseStartupError(error: unknown): DependencyCondition {
  const code = clickHouseCodeInChain(error);
  const classified = classifyStorageError(error, "start");
  const detail = describeError(error);
  if ((code !== undefined && REFUSED_AT_START_CODES.has(code)) || classified.code === "storage_rejected") {
    return { kind: "refused", name: code === undefined ? classified.code : `Code ${code}`, detail };
  }
  const socketCode = socketErrorCode(error);
  return { kind: "transient", name: code !== undefined ? `Code ${code}` : (socketCode ?? classified.code), detail };
}

function socketErrorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 10 && current !== null && typeof current === "object"; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && /^E[A-Z]+$/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
