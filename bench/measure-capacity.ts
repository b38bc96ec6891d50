import { compareWithSdkAlone, type ConcurrencyComparison } from "./support/compare-with-sdk-alone";

export type CapacityResult = ConcurrencyComparison;

const LATENCY_MS = 2_000;
const MAX_IN_FLIGHT = 1_000;

/**
 * Capacity (issue 19): one router holding 1,000 model calls of 2 s each, as
 * production concurrency with real model latency looks, against the SDK alone
 * with 1,000 callers: throughput and RSS, and MiB per in-flight call.
 */
export function measureCapacity(repeats: number): Promise<CapacityResult> {
  return compareWithSdkAlone({
    name: "capacity",
    latencyMs: LATENCY_MS,
    maxInFlight: MAX_IN_FLIGHT,
    partitions: 6,
    tasks: MAX_IN_FLIGHT * 10,
    repeats,
    readHeap: true,
  });
}
