import { existsSync, readFileSync } from "node:fs";
import { TIERS, type Tier } from "@switchyard/contracts";
import { createPricingCatalog } from "@switchyard/llm";
import { computeWhatIf, readWhatIfData, type WhatIfReport } from "@switchyard/policy";
import { ConfigurationError } from "@switchyard/platform";
import { loadRoutingConfig, type RoutingConfig } from "@switchyard/routing";
import { loadCliConfig } from "../cli-config";
import type { CommandInvocation } from "../command-line/command";
import { createCliLogger } from "../command-line/create-cli-logger";
import { readTime } from "../command-line/read-options";
import { resolveUserPath } from "../command-line/resolve-paths";
import { withCliStore } from "../connections/with-cli-store";
import { formatPercentChange, formatUsd } from "../output/format-numbers";
import { formatTable } from "../output/format-table";

const MAX_PROPOSAL_BYTES = 64 * 1024;
const DEFAULT_WINDOW_MS = 7 * 24 * 3_600_000;

/** `policy what-if <file or type=tier,...>`: a proposed policy priced on a past window. */
export async function runWhatIf(invocation: CommandInvocation, proposalText: string): Promise<number> {
  const { values, io } = invocation;
  const config = loadCliConfig(io.environment);
  const routing = loadRoutingConfig(config.routingConfigPath);
  const proposal = parseProposal(proposalText, routing, io.workingDirectory);
  const to = readTime(values, "to") ?? new Date();
  const from = readTime(values, "from") ?? new Date(to.getTime() - DEFAULT_WINDOW_MS);
  if (from >= to) throw new ConfigurationError("--from", "must be before --to");
  const logger = createCliLogger(config, io);
  const data = await withCliStore({ values, io }, config, logger, (store) => readWhatIfData(store, { from, to }));
  const pricing = createPricingCatalog({ overrides: routing.pricing, logger });
  const report = computeWhatIf({ proposal, ...data, reprice: (tier, usage) => pricing.costOf(routing.models[tier], usage) });
  io.stdout.write(renderWhatIf(report, { from, to }));
  return 0;
}

/** A JSON file `{ "type": "tier" | { "tier": "…" } }` or inline `type=tier,type=tier`. */
export function parseProposal(text: string, routing: RoutingConfig, workingDirectory: string): Record<string, Tier> {
  const path = resolveUserPath(workingDirectory, text);
  let entries: Array<[string, unknown]>;
  if (!text.includes("=") && existsSync(path)) {
    const content = readFileSync(path);
    if (content.length > MAX_PROPOSAL_BYTES) throw new ConfigurationError("proposal", `file is over ${MAX_PROPOSAL_BYTES} bytes`);
    let parsed: unknown;
    try {
      parsed = JSON.parse(content.toString("utf8"));
    } catch {
      throw new ConfigurationError("proposal", 'the file is not JSON (expected { "task_type": "tier" })');
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed))
      throw new ConfigurationError("proposal", 'expected a JSON object { "task_type": "tier" }');
    entries = Object.entries(parsed).map(([type, value]) => [type, typeof value === "object" && value !== null ? (value as { tier?: unknown }).tier : value]);
  } else {
    entries = text.split(",").map((part) => {
      const [type, tier, extra] = part.split("=").map((item) => item.trim());
      if (!type || !tier || extra !== undefined)
        throw new ConfigurationError("proposal", `expected type=tier[,type=tier…] or a JSON file, got ${JSON.stringify(part)}`);
      return [type, tier];
    });
  }
  const proposal: Record<string, Tier> = {};
  for (const [type, tier] of entries) {
    if (!Object.hasOwn(routing.taskTypes, type))
      throw new ConfigurationError(
        "task type",
        `unknown ${JSON.stringify(type)}; the routing config knows ${Object.keys(routing.taskTypes).sort().join(", ")}`,
      );
    if (typeof tier !== "string" || !(TIERS as readonly string[]).includes(tier))
      throw new ConfigurationError("tier", `unknown ${JSON.stringify(tier)} for ${type}; expected ${TIERS.join(", ")}`);
    proposal[type] = tier as Tier;
  }
  if (Object.keys(proposal).length === 0) throw new ConfigurationError("proposal", "names no task type");
  return proposal;
}

export function renderWhatIf(report: WhatIfReport, window: { from: Date; to: Date }): string {
  const header = `What if (routed calls ${window.from.toISOString()} to ${window.to.toISOString()}; evaluation calls not included)\n`;
  if (report.rows.length === 0) return `${header}  no routed calls in the window\n`;
  const table = formatTable(
    [
      { header: "task type" },
      { header: "tiers" },
      { header: "proposed" },
      { header: "paid", align: "right" },
      { header: "would cost", align: "right" },
      { header: "change", align: "right" },
      { header: "basis" },
      { header: "shadow evidence" },
    ],
    [
      ...report.rows.map((row) => [
        row.taskType,
        row.actualTiers.join(", "),
        row.proposedTier ?? "(as is)",
        formatUsd(row.paidUsd),
        formatUsd(row.proposedUsd),
        formatPercentChange(row.changePercent),
        row.basis,
        row.evidence,
      ]),
      ["total", "", "", formatUsd(report.paidUsd), formatUsd(report.proposedUsd), formatPercentChange(report.changePercent), "", ""],
    ],
    "  ",
  );
  return header + table;
}
