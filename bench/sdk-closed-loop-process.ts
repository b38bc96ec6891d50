// The SDK-alone baseline in a process of its own (as the router is), so that its RSS compares with
// the router's: SDK_CONCURRENCY callers against the simulator at SDK_SIMULATOR_URL, each making its
// next call as soon as the last one answers, SDK_CALLS in all. Prints one JSON line with the steady
// rate, the RSS after start and while the calls were at the concurrency limit, and V8's heap at that RSS peak.
import Anthropic from "@anthropic-ai/sdk";
import { performance } from "node:perf_hooks";
import { steadyRate } from "./support/steady-rate";

async function main(): Promise<void> {
  const concurrency = Number(process.env.SDK_CONCURRENCY);
  const calls = Number(process.env.SDK_CALLS);
  // The SDK's default retries, as the router retries too: a connection reset under load is not the end of a run.
  const client = new Anthropic({ apiKey: "bench", baseURL: process.env.SDK_SIMULATOR_URL });
  const rssAtStart = process.memoryUsage.rss();
  let rssAtMaxInFlight = 0;
  let heapAtPeak = { heapUsed: Number.NaN, heapTotal: Number.NaN };
  let inFlight = 0;
  const sampler = setInterval(() => {
    if (inFlight < concurrency * 0.95) return;
    const usage = process.memoryUsage();
    if (usage.rss <= rssAtMaxInFlight) return;
    rssAtMaxInFlight = usage.rss;
    heapAtPeak = usage;
  }, 200);
  const done: number[] = [];
  let failed = 0;
  let next = 0;
  const worker = async () => {
    while (next < calls) {
      next += 1;
      const content = `Is the keyword "trail shoes ${next % 97}" relevant to a running-shoe campaign? Answer in JSON.`;
      inFlight += 1;
      try {
        await client.messages.create({ model: "claude-haiku-4-5", max_tokens: 32, messages: [{ role: "user", content }] });
        done.push(performance.now());
      } catch {
        failed += 1;
      } finally {
        inFlight -= 1;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  clearInterval(sampler);
  const mebibytes = (bytes: number) => bytes / (1024 * 1024);
  process.stdout.write(
    `${JSON.stringify({ sdkAlone: { perSecond: steadyRate(done).perSecond, failed, rssAtStartMegabytes: mebibytes(rssAtStart), rssAtMaxInFlightMegabytes: mebibytes(rssAtMaxInFlight), heapUsedAtPeakMegabytes: mebibytes(heapAtPeak.heapUsed), heapTotalAtPeakMegabytes: mebibytes(heapAtPeak.heapTotal) } })}\n`,
  );
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`sdk closed loop failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
