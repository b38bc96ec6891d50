import { SwitchyardError, type SwitchyardErrorOptions } from "@switchyard/platform";

/** The broker cannot be reached or did not answer in time; retryable unless said otherwise. */
export class TransportError extends SwitchyardError<"transport_unavailable"> {
  constructor(message: string, options: SwitchyardErrorOptions = {}) {
    super("transport_unavailable", message, { retryable: true, ...options });
  }
}
