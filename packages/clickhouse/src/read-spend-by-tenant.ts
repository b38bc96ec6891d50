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
  /** Only these tenants and features ("" is "none"); absent: all of them. */
  tenants?: readonly string[];
  features?: readonly string[];
}

// A cap on what one read may return; far beyond any budget list we accept.
const MAX_ROWS = 100_000;

/**
 * Spend of the current UTC day and month per tenant and feature, every role
 * counted (shadow and judge calls bill the tenant too), from the hourly rollup
 * the sink keeps exact. Runs on ClickHouse 18.16 and chDB 26.x.
 */
export async function readSpendByTenant(store: ClickHouseStore, options: ReadSpendByTenantOptions): Promise<SpendByTenantRow[]> {
  const scope: string[] = [];
  if (options.tenants && options.tenants.length > 0) scope.push(`tenant IN (${options.tenants.map(quoteLiteral).join(", ")})`);
  if (options.features && options.features.length > 0) scope.push(`feature IN (${options.features.map(quoteLiteral).join(", ")})`);
  const rows = await store.query<{ tenant: string; feature: string; day_usd: number; month_usd: number }>(
    [
      "SELECT tenant, feature,",
      `  sumIf(priced_cost_usd, hour >= ${quoteLiteral(options.dayStart)}) AS day_usd,`,
      "  sum(priced_cost_usd) AS month_usd",
      "FROM llm_usage_hourly_by_tenant",
      `WHERE hour >= ${quoteLiteral(options.monthStart)}${scope.length > 0 ? ` AND (${scope.join(" OR ")})` : ""}`,
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
