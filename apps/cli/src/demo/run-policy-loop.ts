import { runReport, type ClickHouseStore, type ReportRow } from "@switchyard/clickhouse";
import { TIERS } from "@switchyard/contracts";
import { createPricingCatalog } from "@switchyard/llm";
import { createPolicyController, createShadowEvidenceReader, percent, type PolicyMove } from "@switchyard/policy";
import type { Logger } from "@switchyard/platform";
import { resolveRoutingConfig, type RoutingConfig } from "@switchyard/routing";
import type { EmbeddedPipeline } from "../embedded/start-embedded-pipeline";
import { chooseLoopPhaseTasks, DEMO_AGREEMENT, DEGRADED_AGREEMENT } from "./demo-configuration";

/** One controller pass as the demo tells it. */
export interface LoopStep {
  phase: string;
  /** What the controller published (version, reason), or why it kept the policy. */
  lines: string[];
}

export interface LineupTable {
  label: string;
  period: { from: string; to: string };
  rows: ReportRow[];
  overallCostChangePercent: number | null;
}

export interface PolicyLoopReport {
  steps: LoopStep[];
  /** Today's default lineup, tier → model, whose prices the tables use. */
  lineup: Record<string, string>;
  rulesOnly: LineupTable;
  afterLoop: LineupTable;
  alerts: string[];
}

export interface PolicyLoopOptions {
  embedded: EmbeddedPipeline;
  routing: RoutingConfig;
  logger: Logger;
  /** Runs one batch of tasks to the end (answered, judged, stored). */
  runPhase: (label: string, tasks: number) => Promise<{ from: Date; to: Date }>;
  phaseOneWindow: { from: Date; to: Date };
  /** Phase 1's tasks: the loop's phases are sized from it (see chooseLoopPhaseTasks). */
  tasks: number;
}

/**
 * The loop after the rules-only phase: the controller moves what the shadow
 * evidence supports; phase 2 routes with the new policy while the guard
 * samples moved types; then the simulator's quality for a moved type drops
 * (phase 3) and the guard moves it back. The tables are read from the stored
 * data with the lineup-savings report, priced on today's default lineup.
 */
export async function runPolicyLoop(options: PolicyLoopOptions): Promise<PolicyLoopReport> {
  const { embedded, routing } = options;
  const store = embedded.pipeline.policy.store;
  const controller = createPolicyController({
    transport: embedded.transport,
    policyTopic: embedded.policyTopic,
    alertsTopic: embedded.topics.alerts,
    store,
    routing,
    readEvidence: createShadowEvidenceReader(embedded.store),
    logger: options.logger,
  });
  const steps: LoopStep[] = [];
  const loopPhaseTasks = chooseLoopPhaseTasks(options.tasks);
  const check = async (phase: string, sayWhenIdle = true) => {
    const published = await controller.check();
    const lines = published.map(({ move, outcome }) => describeMove(move, outcome.event.policyVersion));
    if (lines.length > 0 || sayWhenIdle) steps.push({ phase, lines: lines.length > 0 ? lines : ["no change: the evidence supports none"] });
    return published.map((item) => item.move);
  };

  // The controller makes one change per pass: pass until it has nothing more to do.
  for (let pass = 0; pass < TIERS.length * Object.keys(routing.taskTypes).length; pass += 1) {
    if ((await check("after phase 1 (the article's rules)", pass === 0)).length === 0) break;
  }
  const phaseTwo = await options.runPhase("phase 2 (the new policy, the guard sampling)", loopPhaseTasks);
  await check("after phase 2");
  const [moved, entry] = Object.entries(store.current().entries).find(([, candidate]) => candidate.change.movedFrom !== null) ?? [];
  if (moved && entry?.override.tier) {
    // Only the tier it moved to gets worse: the guard's re-run on the tier it left still gives the reference answer.
    const degraded = { ...DEMO_AGREEMENT[moved], [routing.models[entry.override.tier]]: DEGRADED_AGREEMENT };
    embedded.simulator.setConfig({ quality: { agreement: { ...DEMO_AGREEMENT, [moved]: degraded } } });
    await options.runPhase(`phase 3 (${moved} degraded on the cheaper tier)`, loopPhaseTasks);
    await check(`after phase 3`);
  }
  const lineup = resolveRoutingConfig({}).models;
  const prices = lineupPrices(lineup, routing);
  const table = async (label: string, period: { from: Date; to: Date }): Promise<LineupTable> => {
    const report = await runReport(embedded.store as ClickHouseStore, "lineup-savings", { ...period, prices });
    const overall = report.rows.find((row) => row.task_type === "(all)");
    return {
      label,
      period: { from: period.from.toISOString(), to: period.to.toISOString() },
      rows: report.rows,
      overallCostChangePercent:
        overall?.cost_change_percent === null || overall?.cost_change_percent === undefined ? null : Number(overall.cost_change_percent),
    };
  };
  const alerts = (await embedded.transport.readTopic(embedded.topics.alerts)).map((message) => {
    const alert = JSON.parse(message.value?.toString("utf8") ?? "{}") as { kind?: string; message?: string };
    return `${alert.kind ?? "?"}: ${alert.message ?? ""}`;
  });
  return {
    steps,
    lineup: { ...lineup },
    rulesOnly: await table("the article's rules alone (phase 1)", options.phaseOneWindow),
    afterLoop: await table("after the loop (phase 2)", phaseTwo),
    alerts: [...new Set(alerts)],
  };
}

function describeMove(move: PolicyMove, version: number): string {
  const interval = `${percent(move.evidence.lower)}-${percent(move.evidence.upper)}`;
  return `policy v${version}: ${move.taskType} ${move.fromTier} -> ${move.toTier} (${move.kind === "move_down" ? "shadow" : "guard"} pairs ${move.evidence.samples}, 95% interval ${interval})`;
}

/** Today's lineup prices per tier, from the price catalog (the lineup's own models). */
function lineupPrices(lineup: Record<string, string>, routing: RoutingConfig) {
  const catalog = createPricingCatalog({ overrides: routing.pricing });
  return TIERS.map((tier) => {
    const model = lineup[tier] ?? "";
    const price = catalog.priceOf(model);
    if (!price) throw new Error(`today's ${tier} model ${model} has no price in the catalog`);
    return {
      tier,
      inputPerMillion: price.inputPerMillion,
      outputPerMillion: price.outputPerMillion,
      cacheWrite5mPerMillion: price.cacheWrite5mPerMillion,
      cacheReadPerMillion: price.cacheReadPerMillion,
    };
  });
}
