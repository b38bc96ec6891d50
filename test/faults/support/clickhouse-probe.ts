import { createClient, type ClickHouseClient } from "@clickhouse/client";

export interface UsageTotals {
  /** Rows read with FINAL: each model call once, however often the sink inserted it. */
  rows: number;
  distinctEventIds: number;
  /** Sum of cost_usd over the router's calls (primary and fallback roles). */
  routerCostUsd: number;
  routerRows: number;
}

/** The suite's own reader of ClickHouse (plain @clickhouse/client, independent of @switchyard/clickhouse). */
export class ClickHouseProbe {
  private readonly client: ClickHouseClient;

  constructor(readonly url: string) {
    // Keep-alive as the server store's (SERVER_KEEP_ALIVE says why): on a busy machine the default reuses sockets ClickHouse is closing.
    this.client = createClient({
      url,
      request_timeout: 60_000,
      keep_alive: { enabled: true, idle_socket_ttl: 1_000, eagerly_destroy_stale_sockets: true },
      clickhouse_settings: { output_format_json_quote_64bit_integers: 0 },
    });
  }

  async rows<Row>(query: string): Promise<Row[]> {
    const result = await this.client.query({ query, format: "JSONEachRow" });
    return result.json<Row>();
  }

  async text(query: string): Promise<string> {
    const result = await this.client.query({ query, format: "TabSeparated" });
    return result.text();
  }

  async answers(): Promise<boolean> {
    try {
      await this.rows("SELECT 1 AS one");
      return true;
    } catch {
      return false;
    }
  }

  /** Waits until this replica has fetched every part its replication queue knows of for the table. */
  async syncReplica(database: string, table: string): Promise<void> {
    await this.client.command({ query: `SYSTEM SYNC REPLICA ${database}.${table}` });
  }

  async tableExists(database: string, table: string): Promise<boolean> {
    const rows = await this.rows<{ n: number }>(`SELECT count() AS n FROM system.tables WHERE database = '${database}' AND name = '${table}'`);
    return (rows[0]?.n ?? 0) > 0;
  }

  async usageTotals(database: string): Promise<UsageTotals> {
    if (!(await this.tableExists(database, "llm_usage"))) return { rows: 0, distinctEventIds: 0, routerCostUsd: 0, routerRows: 0 };
    const [row] = await this.rows<{ rows: number; distinct_ids: number; router_cost: number | null; router_rows: number }>(
      `SELECT count() AS rows, uniqExact(event_id) AS distinct_ids,
              sumIf(cost_usd, role IN ('primary', 'fallback')) AS router_cost,
              countIf(role IN ('primary', 'fallback')) AS router_rows
       FROM ${database}.llm_usage FINAL`,
    );
    return { rows: row?.rows ?? 0, distinctEventIds: row?.distinct_ids ?? 0, routerCostUsd: row?.router_cost ?? 0, routerRows: row?.router_rows ?? 0 };
  }

  async usageEventIds(database: string): Promise<Set<string>> {
    if (!(await this.tableExists(database, "llm_usage"))) return new Set();
    const rows = await this.rows<{ event_id: string }>(`SELECT DISTINCT event_id FROM ${database}.llm_usage`);
    return new Set(rows.map((row) => row.event_id));
  }

  async databases(prefix: string): Promise<string[]> {
    const rows = await this.rows<{ name: string }>(`SELECT name FROM system.databases WHERE startsWith(name, '${prefix}')`);
    return rows.map((row) => row.name);
  }

  /** Every row of every table of a database as text, for the canary sweep. */
  async dumpDatabase(database: string): Promise<Array<{ table: string; text: string }>> {
    const tables = await this.rows<{ name: string; engine: string }>(`SELECT name, engine FROM system.tables WHERE database = '${database}'`);
    const dumps: Array<{ table: string; text: string }> = [];
    for (const table of tables) {
      if (table.engine === "View") continue;
      dumps.push({ table: table.name, text: await this.text(`SELECT * FROM ${database}.\`${table.name}\``) });
    }
    return dumps;
  }

  async dropDatabase(database: string): Promise<void> {
    await this.client.command({ query: `DROP DATABASE IF EXISTS ${database}` });
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}
