import { formatCount, formatPercentChange, formatShare } from "../output/format-numbers";
import { formatTable } from "../output/format-table";
import type { LineupTable, PolicyLoopReport } from "./run-policy-loop";

/** The loop's story in a few lines, then the two tables on today's lineup, read from the stored data. */
export function renderPolicyLoop(loop: PolicyLoopReport): string {
  const lineup = `fast = ${loop.lineup.fast}, standard = ${loop.lineup.standard}, powerful = ${loop.lineup.powerful}`;
  const lines = ["The loop (live policy on llm.policy: controller, guard)"];
  for (const step of loop.steps) for (const line of step.lines) lines.push(`  ${step.phase}: ${line}`);
  for (const alert of loop.alerts) lines.push(`  alert ${alert}`);
  lines.push(
    "",
    `Savings on today's default lineup (report lineup-savings: each phase's routed tokens priced on ${lineup}, against all on ${loop.lineup.powerful})`,
    renderTable(loop.rulesOnly).trimEnd(),
    renderTable(loop.afterLoop).trimEnd(),
    `  overall cut: ${formatPercentChange(loop.rulesOnly.overallCostChangePercent)} with the article's rules alone, ${formatPercentChange(loop.afterLoop.overallCostChangePercent)} after the loop`,
    "",
  );
  return lines.join("\n");
}

function renderTable(table: LineupTable): string {
  const rows = table.rows.map((row) => [
    String(row.task_type).replace(/_/g, " "),
    formatCount(Number(row.calls)),
    `${formatShare(Number(row.fast_share))} / ${formatShare(Number(row.standard_share))} / ${formatShare(Number(row.powerful_share))}`,
    formatPercentChange(row.cost_change_percent === null || row.cost_change_percent === undefined ? null : Number(row.cost_change_percent)),
    String(row.guard_agreement || row.shadow_agreement || ""),
  ]);
  return `  ${table.label}\n${formatTable(
    [
      { header: "task type" },
      { header: "calls", align: "right" },
      { header: "fast / standard / powerful" },
      { header: "cost change", align: "right" },
      { header: "agreement (guard after a move, else shadow)" },
    ],
    rows,
    "    ",
  )}`;
}
