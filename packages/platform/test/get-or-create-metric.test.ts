import assert from "node:assert/strict";
import test from "node:test";
import { Registry } from "prom-client";
import { getOrCreateCounter, getOrCreateGauge, getOrCreateHistogram } from "../src/get-or-create-metric";

test("a second get of a metric's name returns the first metric, counting on", async () => {
  const registry = new Registry();
  const first = getOrCreateCounter(registry, { name: "calls_total", help: "calls", labelNames: ["model"] });
  const second = getOrCreateCounter(registry, { name: "calls_total", help: "calls", labelNames: ["model"] });
  first.inc({ model: "a" });
  second.inc({ model: "a" }, 2);
  assert.equal(second, first);
  const metric = await registry.getSingleMetric("calls_total")?.get();
  assert.deepEqual(
    metric?.values.map(({ labels, value }) => ({ labels, value })),
    [{ labels: { model: "a" }, value: 3 }],
  );
});

test("gauges and histograms are registered once and keep their options", async () => {
  const registry = new Registry();
  const histogram = getOrCreateHistogram(registry, { name: "seconds", help: "time", buckets: [1, 2] });
  assert.equal(getOrCreateHistogram(registry, { name: "seconds", help: "time" }), histogram);
  histogram.observe(1.5);
  const buckets = (await histogram.get()).values.filter((value) => value.metricName === "seconds_bucket").map((value) => value.labels.le);
  assert.deepEqual(buckets, [1, 2, "+Inf"]);
  const gauge = getOrCreateGauge(registry, { name: "depth", help: "depth" });
  assert.equal(getOrCreateGauge(registry, { name: "depth", help: "depth" }), gauge);
  assert.equal(registry.getMetricsAsArray().length, 2);
});

test("a name registered as another kind of metric is refused, not cast", () => {
  const registry = new Registry();
  getOrCreateCounter(registry, { name: "shared_name", help: "a counter" });
  assert.throws(() => getOrCreateGauge(registry, { name: "shared_name", help: "a gauge" }), /shared_name is already registered as another kind/);
});
