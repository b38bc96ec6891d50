import { SwitchyardError, type SwitchyardErrorOptions } from "@switchyard/platform";

/** unavailable: not now (retryable); rejected: the statement or its data is wrong (not retryable). */
export type StorageErrorCode = "storage_unavailable" | "storage_rejected";

/** ClickHouse (server or embedded) could not run a statement. */
export class StorageError extends SwitchyardError<StorageErrorCode> {
  constructor(code: StorageErrorCode, message: string, options: SwitchyardErrorOptions = {}) {
    super(code, message, { retryable: code !== "storage_rejected", ...options });
  }
}
