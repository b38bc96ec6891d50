import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ConfigurationError } from "@switchyard/platform";
import { loadMigrations, renderClusterStatement } from "../src";

const target = { cluster: "switchyard", database: "analytics" };

describe("renderClusterStatement", () => {
  it("replicates a table under a ZooKeeper path of its database and name, ON CLUSTER", () => {
    assert.equal(
      renderClusterStatement("CREATE TABLE IF NOT EXISTS llm_usage (id String) ENGINE = ReplacingMergeTree ORDER BY id", target),
      "CREATE TABLE IF NOT EXISTS `analytics`.`llm_usage` ON CLUSTER `switchyard` (id String) " +
        "ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/analytics/llm_usage', '{replica}') ORDER BY id",
    );
  });

  it("keeps an engine's own arguments after the replication ones", () => {
    assert.match(
      renderClusterStatement("CREATE TABLE IF NOT EXISTS t (id String, v UInt32) ENGINE = ReplacingMergeTree(v) ORDER BY id", target),
      /ENGINE = ReplicatedReplacingMergeTree\('\/clickhouse\/tables\/\{shard\}\/analytics\/t', '\{replica\}', v\) ORDER BY id$/,
    );
  });

  it("qualifies a view's own name, its target and its source (replicas run distributed DDL in their default database)", () => {
    assert.equal(
      renderClusterStatement("CREATE MATERIALIZED VIEW IF NOT EXISTS v TO hourly\nAS SELECT count() AS calls FROM llm_usage\nGROUP BY hour", target),
      "CREATE MATERIALIZED VIEW IF NOT EXISTS `analytics`.`v` ON CLUSTER `switchyard` TO `analytics`.`hourly` AS SELECT count() AS calls FROM `analytics`.`llm_usage`\nGROUP BY hour",
    );
  });

  it("runs an ALTER on the cluster", () => {
    assert.equal(
      renderClusterStatement("ALTER TABLE llm_usage ADD COLUMN x UInt32 DEFAULT 0", target),
      "ALTER TABLE `analytics`.`llm_usage` ON CLUSTER `switchyard` ADD COLUMN x UInt32 DEFAULT 0",
    );
  });

  it("refuses statements it does not know how to replicate, and names that cannot go into a ZooKeeper path", () => {
    const refused = (error: unknown) => error instanceof ConfigurationError && error.setting === "CLICKHOUSE_CLUSTER";
    assert.throws(() => renderClusterStatement("CREATE TABLE IF NOT EXISTS t (id String) ENGINE = Log", target), refused);
    assert.throws(() => renderClusterStatement("DROP TABLE t", target), refused);
    assert.throws(() => renderClusterStatement("ALTER TABLE t ADD COLUMN x UInt8", { cluster: "a/b", database: "d" }), refused);
    assert.throws(() => renderClusterStatement("ALTER TABLE t ADD COLUMN x UInt8", { cluster: "c", database: "d'; x" }), refused);
  });

  it("converts every shipped migration statement", () => {
    for (const migration of loadMigrations()) {
      for (const statement of migration.statements) {
        const rendered = renderClusterStatement(statement, target);
        assert.match(rendered, /ON CLUSTER `switchyard`/, statement);
        assert.doesNotMatch(rendered, /ENGINE = (Replacing|Summing)?MergeTree/, statement);
      }
    }
  });
});
