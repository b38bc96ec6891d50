import { compareWithSdkAlone, type ConcurrencyComparison } from "./support/compare-with-sdk-alone";
import { summarizeRepeats, type Repeated } from "./support/summarize-repeats";

export interface LittlesLawResult extends ConcurrencyComparison {
  boundPerSecond: number;
  /** Router ÷ C / L, per run. */
  ratioToBound: Repeated;
}

const LATENCY_MS = 500;
const MAX_IN_FLIGHT = 256;

/**
 * Benchmark 2 (and 5): one partition, every call 500 ms, up to 256 in
 * flight. A router that keeps its slots full delivers C / L = 512 tasks/s
 * (Little's law); the SDK alone with 256 callers shows what the simulator and
 * HTTP allow on this machine. The router's RSS is sampled meanwhile.
 */
export async function measureLittlesLaw(repeats: number): Promise<LittlesLawResult> {
  const comparison = await compareWithSdkAlone({
    name: "littles-law",
    latencyMs: LATENCY_MS,
    maxInFlight: MAX_IN_FLIGHT,
    partitions: 1,
    tasks: MAX_IN_FLIGHT * 24,
    repeats,
  });
  const boundPerSecond = MAX_IN_FLIGHT / (LATENCY_MS / 1000);
  return { ...comparison, boundPerSecond, ratioToBound: summarizeRepeats(comparison.router.map((run) => run.perSecond / boundPerSecond)) };
}
