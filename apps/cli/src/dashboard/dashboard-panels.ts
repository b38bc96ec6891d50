import type { ReportRow } from "@switchyard/clickhouse";
import { formatCount, formatPercentChange, formatShare, formatUsd } from "../output/format-numbers";

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** How one column of a panel's table is shown: the CLI's number formats, so the page and the terminal agree. */
export type ColumnFormat = "text" | "count" | "usd" | "share" | "percent-change" | "z-score" | "interval" | "flag" | "evidence";

/** The page's filters besides the range. */
export type DashboardFilter = "taskType" | "tenant" | "feature";

export const FILTER_LABELS: Record<DashboardFilter, string> = { taskType: "task type", tenant: "tenant", feature: "feature" };

export interface PanelColumn {
  key: string;
  label: string;
  format: ColumnFormat;
}

export interface PanelDefinition {
  /** The panel's id on the page and in the API. */
  id: string;
  title: string;
  /** The shipped report it shows. */
  report: string;
  columns: PanelColumn[];
  /** The report's period when it is not the page's range; `now` is the moment of the page load. */
  period?: (range: { from: Date; to: Date }, now: Date) => { from: Date; to: Date };
  /** The filters its rows can be narrowed by; for the others the panel says it is not narrowed. */
  narrowsBy: readonly DashboardFilter[];
  /** A row the page marks (a tier-mix shift, a flagged drift). */
  marked?: (row: ReportRow) => boolean;
}

/** The tables of the page, each over one shipped report. The spend chart reads cost-by-day (see build-spend-chart.ts). */
export const TABLE_PANELS: readonly PanelDefinition[] = [
  {
    id: "anomalies",
    title: "Cost anomalies (hours)",
    report: "cost-anomalies",
    narrowsBy: ["taskType"],
    columns: [
      { key: "hour", label: "Hour (UTC)", format: "text" },
      { key: "dimension", label: "By", format: "text" },
      { key: "key", label: "Model / task type", format: "text" },
      { key: "cost_usd", label: "Cost", format: "usd" },
      { key: "baseline_mean_usd", label: "Baseline mean", format: "usd" },
      { key: "z_score", label: "z", format: "z-score" },
    ],
  },
  {
    id: "tier-mix",
    title: "Tier mix: the range's last 24 hours against the 7 days before",
    report: "tier-mix",
    narrowsBy: ["taskType"],
    // A jump shows against the days before it; averaged over a long range it would vanish. A range
    // ending today ends now (to the next full hour), so early in a UTC day the window is not a few hours.
    period: ({ from, to }, now) => {
      const end = Math.min(to.getTime(), Math.ceil(now.getTime() / HOUR_MS) * HOUR_MS);
      return { from: new Date(Math.max(from.getTime(), end - DAY_MS)), to: new Date(end) };
    },
    columns: [
      { key: "task_type", label: "Task type", format: "text" },
      { key: "tier", label: "Tier", format: "text" },
      { key: "window_calls", label: "Calls", format: "count" },
      { key: "window_share", label: "Share", format: "share" },
      { key: "baseline_share", label: "Baseline share", format: "share" },
      { key: "share_change", label: "Change (points)", format: "share" },
      { key: "flagged", label: "Shift", format: "flag" },
    ],
    marked: (row) => Number(row.flagged) === 1,
  },
  {
    id: "savings",
    title: "Savings against the old models",
    report: "savings",
    narrowsBy: ["taskType"],
    columns: [
      { key: "task_type", label: "Task type", format: "text" },
      { key: "baseline_model", label: "Baseline model", format: "text" },
      { key: "calls", label: "Calls", format: "count" },
      { key: "actual_cost_usd", label: "Actual", format: "usd" },
      { key: "baseline_cost_usd", label: "On baseline", format: "usd" },
      { key: "cost_change_percent", label: "Change", format: "percent-change" },
      { key: "quality_change", label: "Quality (shadow agreement)", format: "text" },
      { key: "shadow_samples", label: "Samples", format: "count" },
    ],
  },
  {
    id: "shadow",
    title: "Shadow evidence",
    report: "shadow",
    narrowsBy: ["taskType"],
    columns: [
      { key: "task_type", label: "Task type", format: "text" },
      { key: "phase", label: "Phase", format: "text" },
      { key: "original_tier", label: "From", format: "text" },
      { key: "shadow_tier", label: "To", format: "text" },
      { key: "samples", label: "Samples", format: "count" },
      { key: "agreement_rate", label: "Agreement", format: "share" },
      { key: "agreement_interval", label: "95% interval", format: "interval" },
      { key: "recommendation", label: "Recommendation", format: "text" },
    ],
  },
  {
    id: "top-spenders",
    title: "Top spenders (feature, tenant)",
    report: "top-spenders",
    narrowsBy: ["tenant", "feature"],
    columns: [
      { key: "feature", label: "Feature", format: "text" },
      { key: "tenant", label: "Tenant", format: "text" },
      { key: "calls", label: "Calls", format: "count" },
      { key: "cost_usd", label: "Cost", format: "usd" },
      { key: "cost_share", label: "Share of cost", format: "share" },
    ],
  },
  {
    id: "policy-history",
    title: "Policy history (changes in the range)",
    report: "policy-history",
    narrowsBy: ["taskType"],
    columns: [
      { key: "changed_at", label: "Changed (UTC)", format: "text" },
      { key: "policy_version", label: "Version", format: "count" },
      { key: "task_type", label: "Task type", format: "text" },
      { key: "tier", label: "Tier", format: "text" },
      { key: "author", label: "By", format: "text" },
      { key: "evidence_samples", label: "Evidence", format: "evidence" },
      { key: "change_reason", label: "Reason", format: "text" },
    ],
  },
  {
    id: "alerts",
    title: "Recent alerts",
    report: "alerts",
    narrowsBy: [],
    columns: [
      { key: "raised_at", label: "Raised (UTC)", format: "text" },
      { key: "kind", label: "Kind", format: "text" },
      { key: "subject", label: "Subject", format: "text" },
      { key: "alert_message", label: "Alert", format: "text" },
    ],
  },
];

/** The budgets panel: `switchyard budgets` at the moment of the page load (today and this month, UTC). */
export const BUDGET_PANEL = {
  id: "budgets",
  title: "Budgets (today and this month, UTC)",
  report: "budgets",
  narrowsBy: ["tenant", "feature"],
  columns: [
    { key: "budget", label: "Budget", format: "text" },
    { key: "period", label: "Period", format: "text" },
    { key: "limit_usd", label: "Limit", format: "usd" },
    { key: "spent_usd", label: "Spent", format: "usd" },
    { key: "remaining_usd", label: "Remaining", format: "usd" },
    { key: "used", label: "Used", format: "text" },
    { key: "state", label: "State", format: "text" },
    { key: "action", label: "Action", format: "text" },
  ],
  marked: (row) => row.state !== "ok",
} as const satisfies PanelDefinition;

/** One cell as the page shows it; the browser test formats the reports' own rows with this too. */
export function formatCell(row: ReportRow, column: PanelColumn): string {
  const value = row[column.key];
  switch (column.format) {
    case "count":
      return formatCount(Number(value));
    case "usd":
      return formatUsd(value === null || value === undefined ? null : Number(value));
    case "share":
      return value === null || value === undefined ? "n/a" : formatShare(Number(value));
    case "percent-change":
      return formatPercentChange(value === null || value === undefined ? null : Number(value));
    case "z-score":
      return value === null || value === undefined ? "n/a" : Number(value).toFixed(1);
    case "interval":
      return `${formatShare(Number(row.agreement_lower_95))} – ${formatShare(Number(row.agreement_upper_95))}`;
    case "flag":
      return Number(value) === 1 ? "shift" : "";
    case "evidence":
      return row.evidence_phase === "" || row.evidence_phase === undefined
        ? "none"
        : `${String(row.evidence_phase)} pairs ${formatCount(Number(value))}, 95% ${formatShare(Number(row.agreement_lower_95))} – ${formatShare(Number(row.agreement_upper_95))}`;
    case "text":
      return Array.isArray(value) ? value.join(", ") : String(value ?? "");
  }
}
