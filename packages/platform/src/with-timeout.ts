/**
 * The one timeout helper: settles as `work` does, or, when `work` has not
 * settled within `timeoutMs`, with `onTimeout()`: its value, or its throw as
 * the rejection. `work` itself is not cancelled; pass it a signal for that.
 */
export async function withTimeout<Value, Fallback = never>(work: Promise<Value>, timeoutMs: number, onTimeout: () => Fallback): Promise<Value | Fallback> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<Fallback>((resolve, reject) => {
    timer = setTimeout(() => {
      try {
        resolve(onTimeout());
      } catch (error) {
        reject(error);
      }
    }, timeoutMs);
  });
  try {
    return await Promise.race([work, timedOut]);
  } finally {
    clearTimeout(timer);
  }
}
