import assert from "node:assert/strict";
import test from "node:test";
import { Counter, Registry } from "prom-client";
import { counterCell } from "../src/counter-cell";
import { getOrCreateCounter } from "../src/get-or-create-metric";

async function valuesOf(registry: Registry, name: string): Promise<Array<{ labels: object; value: number }>> {
  const metric = await registry.getSingleMetric(name)?.get();
  return (metric?.values ?? []).map(({ labels, value }) => ({ labels, value }));
}

test("a cell's counts reach its counter when the registry is read, once", async () => {
  const registry = new Registry();
  const counter = getOrCreateCounter(registry, { name: "tokens_total", help: "tokens", labelNames: ["kind"] });
  const input = counterCell(counter, { kind: "input" });
  input.inc(40);
  input.inc();
  counter.inc({ kind: "output" }, 12);
  assert.deepEqual(await valuesOf(registry, "tokens_total"), [
    { labels: { kind: "output" }, value: 12 },
    { labels: { kind: "input" }, value: 41 },
  ]);
  input.inc(9);
  assert.deepEqual(await valuesOf(registry, "tokens_total"), [
    { labels: { kind: "output" }, value: 12 },
    { labels: { kind: "input" }, value: 50 },
  ]);
  assert.match(await registry.metrics(), /tokens_total\{kind="input"\} 50/);
});

test("two cells of one label set add up; a counter with its own collect keeps it", async () => {
  const registry = new Registry();
  let collected = 0;
  const counter = getOrCreateCounter(registry, {
    name: "calls_total",
    help: "calls",
    labelNames: ["model"],
    collect() {
      collected += 1;
    },
  });
  counterCell(counter, { model: "a" }).inc(2);
  counterCell(counter, { model: "a" }).inc(3);
  assert.deepEqual(await valuesOf(registry, "calls_total"), [{ labels: { model: "a" }, value: 5 }]);
  assert.equal(collected, 1);
});

test("a cell refuses what the counter would refuse, where it is counted", () => {
  const registry = new Registry();
  const cell = counterCell(getOrCreateCounter(registry, { name: "refusing_total", help: "x", labelNames: ["kind"] }), { kind: "a" });
  assert.throws(() => cell.inc(-1), /not possible to decrease/);
  assert.throws(() => cell.inc(Number.NaN), /not a valid number/);
});

test("a counter made elsewhere, whose collect would not add the cells, is refused", () => {
  const registry = new Registry();
  const plain = new Counter({ name: "plain_total", help: "x", labelNames: ["kind"], registers: [registry] });
  assert.throws(() => counterCell(plain, { kind: "a" }), /made by getOrCreateCounter/);
});
