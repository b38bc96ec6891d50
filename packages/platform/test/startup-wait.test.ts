import assert from "node:assert/strict";
import { Writable } from "node:stream";
import { describe, it } from "node:test";
import { ConfigurationError, StartupAbortedError, StartupWait, createLogger, type DependencyCondition } from "../src/index";

// A clock that only moves when the wait sleeps: runs instantly, and the time waited is exact.
function fakeClock() {
  const clock = { now: 0, sleeps: [] as number[] };
  return {
    clock,
    now: () => clock.now,
    sleep: (milliseconds: number, signal: AbortSignal) => {
      if (signal.aborted) return Promise.reject(signal.reason as Error);
      clock.sleeps.push(milliseconds);
      clock.now += milliseconds;
      return Promise.resolve();
    },
  };
}

function capturedLogger() {
  const entries: Array<Record<string, unknown>> = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      entries.push(JSON.parse(chunk.toString("utf8")) as Record<string, unknown>);
      callback();
    },
  });
  return { entries, logger: createLogger({ name: "test", destination }) };
}

const transient = (name: string): DependencyCondition => ({ kind: "transient", name, detail: `${name} detail` });

// Fails with the given conditions in order, then succeeds.
function failing(conditions: string[]) {
  let calls = 0;
  return {
    get calls() {
      return calls;
    },
    attempt: () => {
      const condition = conditions[calls];
      calls += 1;
      return condition === undefined ? Promise.resolve("joined") : Promise.reject(Object.assign(new Error(condition), { condition }));
    },
  };
}
const classifyByCondition = (error: unknown) => transient((error as { condition: string }).condition);

describe("StartupWait", () => {
  it("waits through transient conditions with growing delays and logs each condition once, with the time waited", async () => {
    const { clock, now, sleep } = fakeClock();
    const { entries, logger } = capturedLogger();
    const wait = new StartupWait({ maxWaitMs: 60_000, logger, now, sleep, backoff: { initialDelayMs: 100, maxDelayMs: 1_000 } });
    const source = failing(["ECONNREFUSED", "ECONNREFUSED", "ECONNREFUSED", "UNKNOWN_TOPIC_OR_PARTITION", "UNKNOWN_TOPIC_OR_PARTITION"]);
    assert.equal(await wait.until("kafka", source.attempt, classifyByCondition), "joined");
    assert.equal(source.calls, 6);
    assert.equal(clock.sleeps.length, 5);
    assert.ok(clock.sleeps[4]! > clock.sleeps[0]!, `delays grow: ${clock.sleeps.join(",")}`);
    const waits = entries.filter((entry) => entry.component === "startup" && entry.level === "warn");
    assert.deepEqual(
      waits.map((entry) => entry.condition),
      ["ECONNREFUSED", "UNKNOWN_TOPIC_OR_PARTITION"],
    );
    assert.equal(waits[0]!.waitedMs, 0);
    assert.equal(
      waits[1]!.waitedMs,
      clock.sleeps.slice(0, 3).reduce((sum, delay) => sum + delay, 0),
    );
    const ready = entries.find((entry) => entry.msg === "kafka ready");
    assert.ok(ready, "logs when the dependency is ready");
    assert.equal(ready.waitedMs, clock.now);
    assert.deepEqual(ready.conditions, ["ECONNREFUSED", "UNKNOWN_TOPIC_OR_PARTITION"]);
  });

  it("logs nothing when the dependency answers at once", async () => {
    const { now, sleep } = fakeClock();
    const { entries, logger } = capturedLogger();
    const wait = new StartupWait({ maxWaitMs: 1_000, logger, now, sleep });
    await wait.until("kafka", () => Promise.resolve(1), classifyByCondition);
    assert.deepEqual(entries, []);
  });

  it("says what it waits for while it waits, and nothing once through", async () => {
    const { now, sleep } = fakeClock();
    const wait = new StartupWait({ maxWaitMs: 60_000, logger: capturedLogger().logger, now, sleep });
    const seen: Array<string | null> = [];
    let calls = 0;
    await wait.until(
      "clickhouse",
      () => {
        seen.push(wait.waitingFor());
        calls += 1;
        return calls < 3 ? Promise.reject(new Error("down")) : Promise.resolve();
      },
      () => transient("ECONNREFUSED"),
    );
    assert.match(seen[0] ?? "", /^waiting for clickhouse: no answer yet \(\d+ s\)$/);
    assert.match(seen[2] ?? "", /^waiting for clickhouse: ECONNREFUSED \(\d+ s\)$/);
    assert.equal(wait.waitingFor(), null);
  });

  it("stops at once on a condition that cannot heal, naming the dependency", async () => {
    const { clock, now, sleep } = fakeClock();
    const wait = new StartupWait({ maxWaitMs: 60_000, logger: capturedLogger().logger, now, sleep });
    const refused = wait.until(
      "kafka",
      () => Promise.reject(new Error("no")),
      () => ({ kind: "refused", name: "SASL_AUTHENTICATION_FAILED", detail: "SASL Authentication failed" }),
    );
    await assert.rejects(refused, (error: unknown) => {
      assert.ok(error instanceof StartupAbortedError);
      assert.equal(error.code, "dependency_refused");
      assert.equal(error.dependency, "kafka");
      assert.equal(error.message, "kafka refused: SASL_AUTHENTICATION_FAILED: SASL Authentication failed");
      return true;
    });
    assert.equal(clock.sleeps.length, 0);
  });

  it("passes a configuration error through untouched", async () => {
    const { now, sleep } = fakeClock();
    const wait = new StartupWait({ maxWaitMs: 60_000, logger: capturedLogger().logger, now, sleep });
    const problem = new ConfigurationError("CLICKHOUSE_DATABASE", "bad");
    await assert.rejects(
      wait.until(
        "clickhouse",
        () => Promise.reject(problem),
        () => transient("x"),
      ),
      (error) => error === problem,
    );
  });

  it("gives up after the total wait, shared by every dependency of the start, with one line naming the dependency", async () => {
    const { clock, now, sleep } = fakeClock();
    const wait = new StartupWait({ maxWaitMs: 10_000, logger: capturedLogger().logger, now, sleep, backoff: { initialDelayMs: 500, maxDelayMs: 2_000 } });
    const kafka = failing(["ECONNREFUSED", "ECONNREFUSED"]);
    await wait.until("kafka", kafka.attempt, classifyByCondition);
    const spentOnKafka = clock.now;
    await assert.rejects(
      wait.until(
        "clickhouse",
        () => Promise.reject(new Error("down")),
        () => transient("ECONNREFUSED"),
      ),
      (error: unknown) => {
        assert.ok(error instanceof StartupAbortedError);
        assert.equal(error.code, "dependency_wait_exceeded");
        assert.equal(error.dependency, "clickhouse");
        assert.ok(!error.message.includes("\n"));
        assert.match(error.message, /^clickhouse still unavailable after \d+ s \(start-up wait 10 s\): ECONNREFUSED/);
        return true;
      },
    );
    assert.equal(clock.now, 10_000, "waits exactly up to the deadline");
    assert.ok(spentOnKafka > 0);
  });

  it("does not let an attempt that hangs (a client's own retries) outlast the total wait", async () => {
    const wait = new StartupWait({ maxWaitMs: 50, logger: capturedLogger().logger });
    const hanging = wait.until(
      "kafka",
      () => new Promise<never>(() => undefined),
      () => transient("x"),
    );
    await assert.rejects(
      hanging,
      (error: unknown) => error instanceof StartupAbortedError && error.code === "dependency_wait_exceeded" && error.dependency === "kafka",
    );
  });

  it("ends a wait at once on abort (a shutdown signal during the start)", async () => {
    const { logger } = capturedLogger();
    const wait = new StartupWait({ maxWaitMs: 60_000, logger, backoff: { initialDelayMs: 30_000, maxDelayMs: 30_000 } });
    const waiting = wait.until(
      "kafka",
      () => Promise.reject(new Error("down")),
      () => transient("ECONNREFUSED"),
    );
    setImmediate(() => wait.abort());
    await assert.rejects(waiting, (error: unknown) => (error as { code?: string }).code === "shutting_down");
  });
});
