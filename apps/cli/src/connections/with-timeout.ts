import { DependencyUnavailableError } from "@switchyard/platform";

/** Rejects with a transport_unavailable error when `work` has not settled within `timeoutMs`. */
export async function withTimeout<Value>(work: Promise<Value>, timeoutMs: number, what: string): Promise<Value> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new DependencyUnavailableError("transport_unavailable", `${what}: no answer within ${timeoutMs} ms`, { retryable: false })), timeoutMs);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
