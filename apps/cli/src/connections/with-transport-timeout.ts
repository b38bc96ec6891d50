import { TransportError } from "@switchyard/kafka";
import { withTimeout } from "@switchyard/platform";

/** Rejects with a transport_unavailable error when `work` has not settled within `timeoutMs`. */
export function withTransportTimeout<Value>(work: Promise<Value>, timeoutMs: number, what: string): Promise<Value> {
  return withTimeout(work, timeoutMs, () => {
    throw new TransportError(`${what}: no answer within ${timeoutMs} ms`, { retryable: false });
  });
}
