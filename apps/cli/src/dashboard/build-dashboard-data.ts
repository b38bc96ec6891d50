import { runReport, StorageError, type ClickHouseStore, type ReportRow } from "@switchyard/clickhouse";
import { periodStart, type Budget, type BudgetStatus } from "@switchyard/routing";
import { formatBudgetUsed, readBudgetStatuses } from "../budgets/read-budget-statuses";
import { formatCount, formatUsd } from "../output/format-numbers";
import { BUDGET_PANEL, FILTER_LABELS, formatCell, TABLE_PANELS, type DashboardFilter, type PanelDefinition } from "./dashboard-panels";
import type { DashboardQuery } from "./read-dashboard-query";

/** Rows a table panel sends at most: the page stays light whatever the range. */
export const MAX_TABLE_ROWS = 200;
const TOP_SPENDERS_SHOWN = 20;
const TOP_SPENDERS_SCANNED = 10_000;

export type PanelResult =
  | {
      status: "ok";
      title: string;
      report: string;
      /** The period the report ran over (ISO times, end exclusive). */
      from: string;
      to: string;
      columns: { key: string; label: string }[];
      rows: Record<string, string>[];
      marked: boolean[];
      truncated: boolean;
      /** The filters given that this panel's report cannot honour: its rows are not narrowed by them. */
      notNarrowedBy: string[];
      /** What the page says when there are no rows. */
      empty: string;
      /** false: nothing was asked of the store (no budgets configured), so the panel says nothing about it. */
      queried?: false;
    }
  | { status: "error"; title: string; report: string; error: string; unavailable: boolean };

export interface SpendChart {
  status: "ok";
  /** Days (UTC, YYYY-MM-DD), ascending. */
  days: string[];
  byTier: Record<string, number[]>;
  byModel: Record<string, number[]>;
  /** Days holding an anomalous hour of the anomalies panel. */
  anomalyDays: string[];
  /** Task type → tier → primary calls per day: the tier mix over time. */
  mix: Record<string, Record<string, number[]>>;
  /** Task types the tier-mix report flags (the powerful share jumped). */
  shiftedTaskTypes: string[];
  totals: { calls: string; cost: string };
  tiers: { tier: string; calls: string; cost: string }[];
}

export interface DashboardData {
  from: string;
  to: string;
  filters: { taskType: string | null; tenant: string | null; feature: string | null };
  target: string;
  spend: SpendChart | { status: "error"; error: string; unavailable: boolean };
  panels: Record<string, PanelResult>;
  /** Task types seen in the range, for the filter's choices. */
  taskTypes: string[];
}

export interface DashboardSources {
  store: ClickHouseStore;
  /** The savings report's prices and baselines, from the routing config. */
  savingsParameters: Record<string, unknown>;
  /** The routing config's budgets (none: the budgets panel says so). */
  budgets: readonly Budget[];
  target: string;
}

/**
 * Runs the shipped reports for the range and narrows their rows by the
 * filters. Each report fails on its own: its panel carries the error and the
 * others still render. Reports run one after the other (chDB is one session).
 */
export async function buildDashboardData(sources: DashboardSources, query: DashboardQuery, now: Date = new Date()): Promise<DashboardData> {
  const period = { from: query.from, to: query.to };
  const spendReport = chooseSpendReport(query);
  const costByDay = await attempt(() => runReport(sources.store, spendReport.name, { ...spendReport.parameters, ...period }));
  const panels: Record<string, PanelResult> = {};
  const rowsOf: Record<string, ReportRow[]> = {};
  for (const panel of TABLE_PANELS) {
    const extra = reportParameters(panel, sources);
    const panelPeriod = panel.period ? panel.period(period, now) : period;
    const result = await attempt(() => runReport(sources.store, panel.report, { ...extra, ...panelPeriod }));
    if ("error" in result) {
      panels[panel.id] = { status: "error", title: panel.title, report: panel.report, error: result.error, unavailable: result.unavailable };
      continue;
    }
    const rows = narrowRows(panel, result.rows, query);
    rowsOf[panel.id] = rows;
    panels[panel.id] = shapePanel(panel, rows, panelPeriod, query);
  }
  panels[BUDGET_PANEL.id] = await buildBudgetPanel(sources, query, now);
  const anomalyDays = [...new Set((rowsOf.anomalies ?? []).map((row) => String(row.hour).slice(0, 10)))].sort();
  const shiftedTaskTypes = [...new Set((rowsOf["tier-mix"] ?? []).filter((row) => Number(row.flagged) === 1).map((row) => String(row.task_type)))].sort();
  const spend =
    "error" in costByDay
      ? { status: "error" as const, error: costByDay.error, unavailable: costByDay.unavailable }
      : buildSpendChart(narrowByTaskType(costByDay.rows, query.taskType), anomalyDays, shiftedTaskTypes);
  const taskTypes = "error" in costByDay ? [] : [...new Set(costByDay.rows.map((row) => String(row.task_type)))].sort();
  return {
    from: query.from.toISOString(),
    to: query.to.toISOString(),
    filters: { taskType: query.taskType ?? null, tenant: query.tenant ?? null, feature: query.feature ?? null },
    target: sources.target,
    spend,
    panels,
    taskTypes,
  };
}

/**
 * The spend and tier-mix charts' report: cost-by-day (the rollup), or with a
 * tenant or feature filter tenant-cost-by-day (llm_usage, which has them).
 */
export function chooseSpendReport(query: Pick<DashboardQuery, "tenant" | "feature">): { name: string; parameters: Record<string, unknown> } {
  if (query.tenant === undefined && query.feature === undefined) return { name: "cost-by-day", parameters: {} };
  return { name: "tenant-cost-by-day", parameters: { tenant: query.tenant ?? null, feature: query.feature ?? null } };
}

/** A table panel's report parameters besides its period. */
export function reportParameters(panel: PanelDefinition, sources: Pick<DashboardSources, "savingsParameters">): Record<string, unknown> {
  switch (panel.report) {
    case "savings":
      return sources.savingsParameters;
    case "top-spenders":
      return { limit: TOP_SPENDERS_SCANNED };
    case "policy-history":
    case "alerts":
      // One more than shown: the panel knows it was cut.
      return { limit: MAX_TABLE_ROWS + 1 };
    default:
      return {};
  }
}

/**
 * Narrows a panel's rows by the filters its report can honour (its
 * `narrowsBy`): the task type wherever rows have one (cost anomalies: the task
 * type's own hours), tenant and feature on top spenders.
 */
export function narrowRows(panel: PanelDefinition, rows: readonly ReportRow[], query: DashboardQuery): ReportRow[] {
  switch (panel.report) {
    case "cost-anomalies":
      return query.taskType === undefined ? [...rows] : rows.filter((row) => row.dimension === "task_type" && row.key === query.taskType);
    case "top-spenders":
      return rows
        .filter((row) => (query.tenant === undefined || row.tenant === query.tenant) && (query.feature === undefined || row.feature === query.feature))
        .slice(0, TOP_SPENDERS_SHOWN);
    case "savings":
      // The "(all)" row sums every task type: it does not belong to one.
      return query.taskType === undefined ? [...rows] : rows.filter((row) => row.task_type === query.taskType);
    default:
      return panel.narrowsBy.includes("taskType") ? narrowByTaskType(rows, query.taskType) : [...rows];
  }
}

function narrowByTaskType(rows: readonly ReportRow[], taskType: string | undefined): ReportRow[] {
  return taskType === undefined ? [...rows] : rows.filter((row) => row.task_type === taskType);
}

/** Labels of the filters given that a panel cannot honour. */
export function notNarrowedBy(narrowsBy: readonly DashboardFilter[], query: DashboardQuery): string[] {
  return (Object.keys(FILTER_LABELS) as DashboardFilter[])
    .filter((filter) => query[filter] !== undefined && !narrowsBy.includes(filter))
    .map((filter) => FILTER_LABELS[filter]);
}

/** Budget statuses as the budgets panel's rows: those covering the tenant and feature filtered on (a budget without a tenant covers all). */
export function budgetRows(statuses: readonly BudgetStatus[], query: DashboardQuery): ReportRow[] {
  return statuses
    .filter(
      (status) =>
        (query.tenant === undefined || status.tenant === null || status.tenant === query.tenant) &&
        (query.feature === undefined || status.feature === null || status.feature === query.feature),
    )
    .map((status) => ({
      budget: status.budgetId,
      period: `${status.period} ${status.periodKey}`,
      limit_usd: status.limitUsd,
      spent_usd: status.spentUsd,
      remaining_usd: status.remainingUsd,
      used: formatBudgetUsed(status),
      state: status.state,
      action: status.action,
    }));
}

async function buildBudgetPanel(sources: DashboardSources, query: DashboardQuery, now: Date): Promise<PanelResult> {
  const statuses = await attempt(() => readBudgetStatuses(sources.store, sources.budgets, now.getTime()));
  if ("error" in statuses) {
    return { status: "error", title: BUDGET_PANEL.title, report: BUDGET_PANEL.report, error: statuses.error, unavailable: statuses.unavailable };
  }
  const period = { from: new Date(periodStart("month", now.getTime())), to: now };
  if (sources.budgets.length === 0) {
    return { ...shapePanel(BUDGET_PANEL, [], period, query, "No budgets in the routing config (see the README's budgets section)."), queried: false };
  }
  return shapePanel(BUDGET_PANEL, budgetRows(statuses, query), period, query, "No budget covers this tenant and feature.");
}

function shapePanel(
  panel: PanelDefinition,
  rows: ReportRow[],
  period: { from: Date; to: Date },
  query: DashboardQuery,
  empty = "No rows in this range.",
): Extract<PanelResult, { status: "ok" }> {
  const shown = rows.slice(0, MAX_TABLE_ROWS);
  return {
    status: "ok",
    title: panel.title,
    report: panel.report,
    from: period.from.toISOString(),
    to: period.to.toISOString(),
    columns: panel.columns.map(({ key, label }) => ({ key, label })),
    rows: shown.map((row) => Object.fromEntries(panel.columns.map((column) => [column.key, formatCell(row, column)]))),
    marked: shown.map((row) => panel.marked?.(row) ?? false),
    truncated: rows.length > shown.length,
    notNarrowedBy: notNarrowedBy(panel.narrowsBy, query),
    empty,
  };
}

/** Daily cost stacked by tier and by model (every role: shadow and judge calls cost too), with totals per tier. */
export function buildSpendChart(rows: readonly ReportRow[], anomalyDays: string[], shiftedTaskTypes: string[]): SpendChart {
  const days = [...new Set(rows.map((row) => String(row.day)))].sort();
  const index = new Map(days.map((day, position) => [day, position]));
  const byTier: Record<string, number[]> = {};
  const byModel: Record<string, number[]> = {};
  const mix: Record<string, Record<string, number[]>> = {};
  const tierTotals = new Map<string, { calls: number; cost: number }>();
  let calls = 0;
  let cost = 0;
  for (const row of rows) {
    const position = index.get(String(row.day)) ?? 0;
    const rowCost = Number(row.cost_usd);
    const tier = String(row.tier);
    (byTier[tier] ??= days.map(() => 0))[position] = (byTier[tier][position] ?? 0) + rowCost;
    const model = String(row.model);
    (byModel[model] ??= days.map(() => 0))[position] = (byModel[model][position] ?? 0) + rowCost;
    if (row.role === "primary") {
      const byTierCalls = (mix[String(row.task_type)] ??= {});
      (byTierCalls[tier] ??= days.map(() => 0))[position] = (byTierCalls[tier][position] ?? 0) + Number(row.calls);
    }
    const total = tierTotals.get(tier) ?? { calls: 0, cost: 0 };
    total.calls += Number(row.calls);
    total.cost += rowCost;
    tierTotals.set(tier, total);
    calls += Number(row.calls);
    cost += rowCost;
  }
  return {
    status: "ok",
    days,
    byTier,
    byModel,
    anomalyDays,
    mix,
    shiftedTaskTypes,
    totals: { calls: formatCount(calls), cost: formatUsd(cost) },
    tiers: [...tierTotals.entries()]
      .sort(([left], [right]) => TIER_ORDER.indexOf(left) - TIER_ORDER.indexOf(right))
      .map(([tier, total]) => ({ tier, calls: formatCount(total.calls), cost: formatUsd(total.cost) })),
  };
}

const TIER_ORDER = ["fast", "standard", "powerful"];

async function attempt<Result>(run: () => Promise<Result>): Promise<Result | { error: string; unavailable: boolean }> {
  try {
    return await run();
  } catch (error) {
    const unavailable = error instanceof StorageError && error.code === "storage_unavailable";
    return { error: (error instanceof Error ? error.message : String(error)).slice(0, 300), unavailable };
  }
}
