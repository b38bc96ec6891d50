import Anthropic from "@anthropic-ai/sdk";
import { performance } from "node:perf_hooks";
import { steadyRate } from "./steady-rate";

/**
 * The official SDK alone against a simulator: `concurrency` callers, each
 * making its next call as soon as the last one answers, `calls` in all.
 * Returns the steady completions per second (10% to 90% of them).
 */
export async function measureSdkClosedLoop(simulatorUrl: string, options: { concurrency: number; calls: number }): Promise<number> {
  const client = new Anthropic({ apiKey: "bench", baseURL: simulatorUrl, maxRetries: 0 });
  const done: number[] = [];
  let next = 0;
  const worker = async () => {
    while (next < options.calls) {
      next += 1;
      const content = `Is the keyword "trail shoes ${next % 97}" relevant to a running-shoe campaign? Answer in JSON.`;
      await client.messages.create({ model: "claude-haiku-4-5", max_tokens: 32, messages: [{ role: "user", content }] });
      done.push(performance.now());
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  return steadyRate(done).perSecond;
}
