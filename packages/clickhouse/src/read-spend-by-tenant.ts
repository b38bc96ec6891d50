import type { ClickHouseStore } from "./clickhouse-store";
import { quoteLiteral } from "./quote-literal";

export interface SpendByTenantRow {
  tenant: string;
  feature: string;
  dayUsd: number;
  monthUsd: number;
}

export interface ReadSpendByTenantOptions {
  /** Start of the UTC day and month (hour-aligned: the rollup is hourly). */
  dayStart: Date;
  monthStart: Date;
  /**
   * From the start of this time's hour on, spend is summed from llm_usage's own rows
   * rather than the rollup. An insert's rows become visible in llm_usage before its
   * rollup rows do, so an event id just found in llm_usage (findStoredEventIds, since
   * this time or later) may be missing from the rollup still; a read made after the
   * lookup finds it in the rows. Absent: the rollup alone.
   */
  rowsSince?: Date;
  /** Only these tenants and features ("" is "none"); absent: all of them. */
  tenants?: readonly string[];
  features?: readonly string[];
}

// A cap on what one read may return; far beyond any budget list we accept.
const MAX_ROWS = 100_000;
const HOUR_MS = 3_600_000;

/**
 * Spend of the current UTC day and month per tenant and feature, every role
 * counted (shadow and judge calls bill the tenant too): from the hourly rollup
 * the sink keeps exact, and from the usage rows for the hours since rowsSince.
 * Runs on ClickHouse 18.16 and chDB 26.x.
 */
export async function readSpendByTenant(store: ClickHouseStore, options: ReadSpendByTenantOptions): Promise<SpendByTenantRow[]> {
  const scope: string[] = [];
  if (options.tenants && options.tenants.length > 0) scope.push(`tenant IN (${options.tenants.map(quoteLiteral).join(", ")})`);
  if (options.features && options.features.length > 0) scope.push(`feature IN (${options.features.map(quoteLiteral).join(", ")})`);
  const inScope = scope.length > 0 ? ` AND (${scope.join(" OR ")})` : "";
  const rowsFrom = options.rowsSince ? new Date(Math.floor(options.rowsSince.getTime() / HOUR_MS) * HOUR_MS) : null;
  const parts = [
    [
      "SELECT tenant, feature,",
      `  sumIf(priced_cost_usd, hour >= ${quoteLiteral(options.dayStart)}) AS day_usd,`,
      "  sum(priced_cost_usd) AS month_usd",
      "FROM llm_usage_hourly_by_tenant",
      `WHERE hour >= ${quoteLiteral(options.monthStart)}${rowsFrom ? ` AND hour < ${quoteLiteral(rowsFrom)}` : ""}${inScope}`,
      "GROUP BY tenant, feature",
    ].join("\n"),
  ];
  if (rowsFrom)
    parts.push(
      [
        "SELECT tenant, feature,",
        `  sumIf(ifNull(cost_usd, 0), ts >= ${quoteLiteral(options.dayStart)}) AS day_usd,`,
        "  sum(ifNull(cost_usd, 0)) AS month_usd",
        "FROM llm_usage",
        `WHERE ts >= ${quoteLiteral(new Date(Math.max(rowsFrom.getTime(), options.monthStart.getTime())))}${inScope}`,
        "GROUP BY tenant, feature",
      ].join("\n"),
    );
  const rows = await store.query<{ tenant: string; feature: string; day_usd: number; month_usd: number }>(
    [
      "SELECT tenant, feature, sum(day_usd) AS day_usd, sum(month_usd) AS month_usd",
      `FROM (${parts.join("\nUNION ALL\n")})`,
      "GROUP BY tenant, feature",
      `LIMIT ${MAX_ROWS}`,
    ].join("\n"),
  );
  return rows.map((row) => ({ tenant: row.tenant, feature: row.feature, dayUsd: Number(row.day_usd), monthUsd: Number(row.month_usd) }));
}

const EVENT_IDS_PER_QUERY = 5_000;

/**
 * Which of these usage event ids `llm_usage` has (at or after `since`): a
 * router asks for its own recent calls, to count each call once whether or
 * not the sink has stored it yet.
 */
export async function findStoredEventIds(store: ClickHouseStore, eventIds: readonly string[], since: Date): Promise<string[]> {
  const found: string[] = [];
  for (let start = 0; start < eventIds.length; start += EVENT_IDS_PER_QUERY) {
    const slice = eventIds.slice(start, start + EVENT_IDS_PER_QUERY);
    const rows = await store.query<{ event_id: string }>(
      `SELECT DISTINCT event_id FROM llm_usage WHERE ts >= ${quoteLiteral(since)} AND event_id IN (${slice.map(quoteLiteral).join(", ")})`,
    );
    for (const row of rows) found.push(row.event_id);
  }
  return found;
}
