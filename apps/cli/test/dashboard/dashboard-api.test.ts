import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ConfigurationError } from "@switchyard/platform";
import { isLoopbackHost, readRequestToken, tokenMatches } from "../../src/dashboard/check-dashboard-token";
import { budgetRows, chooseSpendReport, narrowRows, notNarrowedBy } from "../../src/dashboard/build-dashboard-data";
import { formatCell, TABLE_PANELS } from "../../src/dashboard/dashboard-panels";
import { readDashboardQuery } from "../../src/dashboard/read-dashboard-query";
import type { IncomingMessage } from "node:http";
import type { ClickHouseStore } from "@switchyard/clickhouse";
import { createTestLogger, waitUntil } from "@switchyard/test-support";
import { startDashboardServer } from "../../src/dashboard/start-dashboard-server";

const NOW = new Date("2026-11-30T12:00:00Z");
const read = (search: string) => readDashboardQuery(new URLSearchParams(search), NOW);

describe("the dashboard API's query", () => {
  it("defaults to the last 7 days and reads filters", () => {
    const query = read("taskType=keyword_relevance&tenant=acme&feature=");
    assert.equal(query.to.toISOString(), NOW.toISOString());
    assert.equal(query.from.toISOString(), "2026-11-23T12:00:00.000Z");
    assert.equal(query.taskType, "keyword_relevance");
    assert.equal(query.tenant, "acme");
    assert.equal(query.feature, undefined);
  });

  it("runs the tier mix over the range's last 24 hours, ending now (next full hour) when the range ends later", () => {
    const tierMix = TABLE_PANELS.find((panel) => panel.id === "tier-mix")!;
    const early = new Date("2026-12-01T01:56:00Z");
    const today = tierMix.period!({ from: new Date("2026-11-23T00:00:00Z"), to: new Date("2026-12-02T00:00:00Z") }, early);
    assert.deepEqual([today.from.toISOString(), today.to.toISOString()], ["2026-11-30T02:00:00.000Z", "2026-12-01T02:00:00.000Z"]);
    const past = tierMix.period!({ from: new Date("2026-11-01T00:00:00Z"), to: new Date("2026-11-10T00:00:00Z") }, early);
    assert.deepEqual([past.from.toISOString(), past.to.toISOString()], ["2026-11-09T00:00:00.000Z", "2026-11-10T00:00:00.000Z"]);
    const short = tierMix.period!({ from: new Date("2026-11-30T20:00:00Z"), to: new Date("2026-12-02T00:00:00Z") }, early);
    assert.equal(short.from.toISOString(), "2026-11-30T20:00:00.000Z");
  });

  it("refuses malformed, unknown, repeated and unbounded parameters", () => {
    for (const search of [
      "from=2026-11-01",
      "from=yesterday",
      "to=2026-11-01T00:00:00Z&from=2026-11-02T00:00:00Z",
      "from=2020-01-01T00:00:00Z&to=2026-01-01T00:00:00Z",
      "tenant=a'b",
      "tenant=<script>",
      `feature=${"x".repeat(129)}`,
      "taskType=a&taskType=b",
      "limit=5",
    ]) {
      assert.throws(() => read(search), ConfigurationError, search);
    }
  });

  it("ignores the token parameter (the server checks it)", () => {
    assert.equal(read("token=abc").taskType, undefined);
  });
});

describe("the dashboard's token", () => {
  it("matches only the exact token", () => {
    assert.equal(tokenMatches("s3cret-s3cret-s3cret", "s3cret-s3cret-s3cret"), true);
    assert.equal(tokenMatches("s3cret-s3cret-s3creT", "s3cret-s3cret-s3cret"), false);
    assert.equal(tokenMatches("s3cret", "s3cret-s3cret-s3cret"), false);
    assert.equal(tokenMatches(undefined, "s3cret-s3cret-s3cret"), false);
  });

  it("is read from the bearer header, the cookie or the first load's parameter", () => {
    const request = (headers: Record<string, string>) => ({ headers }) as unknown as IncomingMessage;
    const url = new URL("http://host/?token=from-query");
    assert.equal(readRequestToken(request({ authorization: "Bearer from-header" }), url), "from-header");
    assert.equal(readRequestToken(request({ cookie: "a=b; switchyard_dashboard_token=from%20cookie" }), url), "from cookie");
    assert.equal(readRequestToken(request({}), url), "from-query");
    assert.equal(readRequestToken(request({}), new URL("http://host/")), undefined);
  });

  it("is needed beyond loopback only", () => {
    assert.equal(isLoopbackHost("127.0.0.1"), true);
    assert.equal(isLoopbackHost("::1"), true);
    assert.equal(isLoopbackHost("0.0.0.0"), false);
    assert.equal(isLoopbackHost("192.168.1.4"), false);
  });
});

describe("the dashboard's panels", () => {
  const panel = (id: string) => TABLE_PANELS.find((candidate) => candidate.id === id)!;
  const query = { from: NOW, to: NOW, taskType: "keyword_relevance", tenant: "acme", feature: undefined };

  it("narrow each report by the filters it can honour", () => {
    const anomalies = [
      { dimension: "model", key: "claude-opus-4-5" },
      { dimension: "task_type", key: "keyword_relevance" },
      { dimension: "task_type", key: "campaign_summary" },
    ];
    assert.deepEqual(narrowRows(panel("anomalies"), anomalies, query), [anomalies[1]]);
    const savings = [{ task_type: "keyword_relevance" }, { task_type: "(all)" }];
    assert.deepEqual(narrowRows(panel("savings"), savings, query), [savings[0]]);
    const spenders = [
      { tenant: "acme", feature: "a" },
      { tenant: "globex", feature: "a" },
    ];
    assert.deepEqual(narrowRows(panel("top-spenders"), spenders, query), [spenders[0]]);
    const alerts = [{ kind: "cost_anomaly" }, { kind: "budget_exceeded" }];
    assert.deepEqual(narrowRows(panel("alerts"), alerts, query), alerts, "alerts have no task type: not narrowed (the panel says so)");
    const changes = [{ task_type: "keyword_relevance" }, { task_type: "campaign_summary" }];
    assert.deepEqual(narrowRows(panel("policy-history"), changes, query), [changes[0]]);
  });

  it("format cells as the CLI formats numbers", () => {
    const column = (format: string) => ({ key: "value", label: "", format }) as Parameters<typeof formatCell>[1];
    assert.equal(formatCell({ value: 1234.567 }, column("usd")), "$1,234.57");
    assert.equal(formatCell({ value: 0.01234 }, column("usd")), "$0.0123");
    assert.equal(formatCell({ value: null }, column("usd")), "unknown");
    assert.equal(formatCell({ value: 0.7 }, column("share")), "70.0%");
    assert.equal(formatCell({ value: -98.34 }, column("percent-change")), "-98.3%");
    assert.equal(formatCell({ value: 12345 }, column("count")), "12,345");
    assert.equal(formatCell({ value: ["a", "b"] }, column("text")), "a, b");
    assert.equal(formatCell({ agreement_lower_95: 0.833, agreement_upper_95: 0.942 }, { key: "x", label: "", format: "interval" }), "83.3% – 94.2%");
    const evidence = { key: "evidence_samples", label: "", format: "evidence" } as const;
    assert.equal(
      formatCell({ evidence_phase: "shadow", evidence_samples: 1200, agreement_lower_95: 0.951, agreement_upper_95: 0.97 }, evidence),
      "shadow pairs 1,200, 95% 95.1% – 97.0%",
    );
    assert.equal(formatCell({ evidence_phase: "", evidence_samples: 0 }, evidence), "none");
  });

  it("read the spend from llm_usage when a tenant or feature narrows it (the rollup has neither)", () => {
    assert.deepEqual(chooseSpendReport({ tenant: undefined, feature: undefined }), { name: "cost-by-day", parameters: {} });
    assert.deepEqual(chooseSpendReport({ tenant: "acme", feature: undefined }), { name: "tenant-cost-by-day", parameters: { tenant: "acme", feature: null } });
    assert.deepEqual(chooseSpendReport({ tenant: undefined, feature: "search" }), {
      name: "tenant-cost-by-day",
      parameters: { tenant: null, feature: "search" },
    });
  });

  it("say which filters given they cannot honour", () => {
    assert.deepEqual(notNarrowedBy(["taskType"], query), ["tenant"]);
    assert.deepEqual(notNarrowedBy(["tenant", "feature"], query), ["task type"]);
    assert.deepEqual(notNarrowedBy([], { ...query, taskType: undefined, tenant: undefined }), []);
  });

  it("keep the budgets covering the tenant filtered on (a budget without a tenant covers every tenant)", () => {
    const status = (budgetId: string, tenant: string | null) => ({
      budgetId,
      tenant,
      feature: null,
      action: "reject" as const,
      period: "day" as const,
      periodKey: "2026-11-30",
      resetsAt: "2026-12-01T00:00:00.000Z",
      limitUsd: 10,
      spentUsd: 2.5,
      reservedUsd: 0,
      remainingUsd: 7.5,
      state: "ok" as const,
    });
    const rows = budgetRows([status("tenant=acme", "acme"), status("tenant=globex", "globex"), status("all", null)], query);
    assert.deepEqual(
      rows.map((row) => [row.budget, row.period, row.used]),
      [
        ["tenant=acme", "day 2026-11-30", "25.0%"],
        ["all", "day 2026-11-30", "25.0%"],
      ],
    );
  });
});

describe("the dashboard server under a flood of page loads", () => {
  it("queues a few loads behind a slow store and answers the rest 503 at once", async () => {
    // A store whose queries never answer: every load waits in the queue.
    const stalled = { query: () => new Promise(() => undefined), close: async () => undefined } as unknown as ClickHouseStore;
    const server = await startDashboardServer({
      store: stalled,
      savingsParameters: {},
      budgets: [],
      target: "test",
      host: "127.0.0.1",
      port: 0,
      token: undefined,
      logger: createTestLogger("dashboard-flood"),
    });
    try {
      const answered: number[] = [];
      for (let load = 0; load < 6; load += 1)
        void fetch(`${server.url}api/dashboard`)
          .then((response) => answered.push(response.status))
          // The four still waiting are cut off when the server closes.
          .catch(() => undefined);
      await waitUntil(() => answered.length >= 2, "two loads are answered");
      // Four wait on the stalled store; the two beyond the bound are refused, not queued.
      assert.deepEqual(answered, [503, 503]);
    } finally {
      await server.close();
    }
  });
});
