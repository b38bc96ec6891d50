import { sleep } from "@switchyard/platform";

const FIRST_POLL_MS = 10;
const LAST_POLL_MS = 100;

/**
 * Polls until the predicate holds; fails naming `what` (and the last
 * `progress`) after the timeout. Polls often at first, so that fast in-memory
 * tests stay fast, then every 100 ms, so that long waits on real services do
 * not load them.
 */
export async function waitUntil(
  predicate: () => boolean | Promise<boolean>,
  what: string | (() => string),
  timeoutMs = 30_000,
  progress?: () => string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let pollMs = FIRST_POLL_MS;
  while (!(await predicate())) {
    if (Date.now() > deadline) {
      const described = typeof what === "string" ? what : what();
      throw new Error(`timed out after ${timeoutMs} ms waiting until ${described}${progress ? ` (${progress()})` : ""}`);
    }
    await sleep(pollMs);
    pollMs = Math.min(LAST_POLL_MS, pollMs * 2);
  }
}
