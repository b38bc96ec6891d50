import assert from "node:assert/strict";
import { appendFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { ResultEvent, UsageEvent } from "@switchyard/contracts";
import { sweepDatabase, sweepDeadLetterHeaders, type CanaryFinding } from "./canary-sweep";
import { COUNTS_FILE, MANIFEST_DIRECTORY, waitUntil } from "./fault-environment";
import type { FaultPipeline } from "./fault-pipeline";
import type { ProbedMessage } from "./kafka-probe";

export interface FaultCounts {
  scenario: string;
  sent: number;
  /** Task ids with at least one result. */
  results: number;
  resultMessages: number;
  lost: number;
  /** Task ids with more than one result. */
  duplicated: number;
  deadLettered: number;
  /** Distinct usage events on the topic (every model call that was published). */
  usageEvents: number;
  /** Distinct calls in ClickHouse (llm_usage FINAL). */
  usageRows: number;
  /** The router's calls (primary and fallback) in ClickHouse, and the sum over every result message. */
  costClickHouseUsd: number;
  costResultsUsd: number;
}

export interface FaultOutcome {
  counts: FaultCounts;
  resultsByTask: Map<string, ResultEvent[]>;
  usage: UsageEvent[];
  deadLetters: ProbedMessage[];
  lostIds: string[];
  duplicatedIds: string[];
  /** Usage event ids on the topic but not in ClickHouse, and the reverse. */
  missingRows: string[];
  extraRows: string[];
}

/**
 * Reads back everything a scenario produced once the pipeline is quiet:
 * results, usage events and dead letters from Kafka, rows from ClickHouse;
 * counts them, and records the canary sweep of the dead-letter headers and
 * the database for the canary scenario.
 */
export async function collectOutcome(
  pipeline: FaultPipeline,
  scenario: string,
  expectedIds: readonly string[],
  downstreamTimeoutMs = 120_000,
): Promise<FaultOutcome> {
  await pipeline.waitForDownstream(downstreamTimeoutMs);
  const [results, usage, deadLetters] = await Promise.all([pipeline.readResults(), pipeline.readUsage(), pipeline.readDeadLetters()]);
  const usageIds = new Set(usage.map((event) => event.eventId));
  const { database } = pipeline.names;
  if (pipeline.sink) {
    await waitUntil(
      async () => (await pipeline.clickhouse.usageTotals(database)).distinctEventIds >= usageIds.size,
      "ClickHouse holds every usage event",
      60_000,
    );
  }
  const totals = await pipeline.clickhouse.usageTotals(database);
  const rowIds = pipeline.sink ? await pipeline.clickhouse.usageEventIds(database) : new Set<string>();

  const resultsByTask = new Map<string, ResultEvent[]>();
  for (const result of results) resultsByTask.set(result.taskId, [...(resultsByTask.get(result.taskId) ?? []), result]);
  const lostIds = expectedIds.filter((id) => !resultsByTask.has(id));
  const duplicatedIds = [...resultsByTask].filter(([, list]) => list.length > 1).map(([id]) => id);
  const costResultsUsd = results.reduce((sum, result) => sum + (result.costUsd ?? 0), 0);

  const counts: FaultCounts = {
    scenario,
    sent: expectedIds.length,
    results: resultsByTask.size,
    resultMessages: results.length,
    lost: lostIds.length,
    duplicated: duplicatedIds.length,
    deadLettered: deadLetters.length,
    usageEvents: usageIds.size,
    usageRows: totals.rows,
    costClickHouseUsd: totals.routerCostUsd,
    costResultsUsd,
  };
  const findings: CanaryFinding[] = [...sweepDeadLetterHeaders(deadLetters, pipeline.secrets)];
  if (pipeline.sink) findings.push(...(await sweepDatabase(pipeline.clickhouse, database, pipeline.secrets)).findings);
  writeFileSync(
    join(MANIFEST_DIRECTORY, `${pipeline.options.scenario}.sweep.json`),
    JSON.stringify({ scenario, deadLetters: deadLetters.length, database, findings }, null, 2),
  );
  return {
    counts,
    resultsByTask,
    usage,
    deadLetters,
    lostIds,
    duplicatedIds,
    missingRows: [...usageIds].filter((id) => !rowIds.has(id)),
    extraRows: [...rowIds].filter((id) => !usageIds.has(id)),
  };
}

export function formatCounts(counts: FaultCounts, extra = ""): string {
  return [
    `[${counts.scenario}]`,
    `sent=${counts.sent}`,
    `results=${counts.results} (messages ${counts.resultMessages})`,
    `lost=${counts.lost}`,
    `duplicated=${counts.duplicated}`,
    `dead-lettered=${counts.deadLettered}`,
    `usage-events=${counts.usageEvents}`,
    `usage-rows=${counts.usageRows}`,
    `cost-clickhouse=$${counts.costClickHouseUsd.toFixed(9)}`,
    `cost-results=$${counts.costResultsUsd.toFixed(9)}`,
    extra,
  ]
    .filter((part) => part.length > 0)
    .join(" ");
}

/** Prints the scenario's line of counts and keeps it in the run's counts file. */
export function reportCounts(counts: FaultCounts, extra = ""): string {
  const line = formatCounts(counts, extra);
  process.stdout.write(`${line}\n`);
  appendFileSync(COUNTS_FILE, `${line}\n`);
  return line;
}

/**
 * What holds in every scenario: nothing lost, every published model call in
 * ClickHouse exactly once, and the router's cost in ClickHouse equal to the
 * cost the results report (all result messages, duplicates included: each
 * one paid for its own calls).
 */
export function assertNothingLost(outcome: FaultOutcome, checkClickHouse = true): void {
  assert.deepEqual(outcome.lostIds.slice(0, 10), [], `${outcome.lostIds.length} tasks have no result`);
  if (!checkClickHouse) return;
  assert.deepEqual(outcome.missingRows.slice(0, 10), [], `${outcome.missingRows.length} usage events are missing from ClickHouse`);
  assert.deepEqual(outcome.extraRows.slice(0, 10), [], `${outcome.extraRows.length} ClickHouse rows match no usage event`);
  assert.equal(outcome.counts.usageRows, outcome.counts.usageEvents, "llm_usage FINAL counts each call once");
  assert.ok(
    Math.abs(outcome.counts.costClickHouseUsd - outcome.counts.costResultsUsd) <= 1e-9,
    `cost in ClickHouse ${outcome.counts.costClickHouseUsd} differs from the results' ${outcome.counts.costResultsUsd}`,
  );
}
