import { test } from "node:test";
import assert from "node:assert/strict";
import { runCommandLine } from "./run-command-line";

// Bad input to `switchyard policy` is one line and exit 2, before any broker is contacted.
const offline = { KAFKA_BROKERS: "127.0.0.1:1" };

async function expectUsageError(args: string[], pattern: RegExp): Promise<void> {
  const outcome = await runCommandLine(args, { environment: offline });
  assert.equal(outcome.exitCode, 2, `${args.join(" ")}: exit ${outcome.exitCode}, stderr ${outcome.stderr}`);
  const lines = outcome.stderr.split("\n").filter((line) => line.length > 0);
  assert.equal(lines.length, 1, outcome.stderr);
  assert.match(lines[0] ?? "", /^switchyard policy: /);
  assert.match(lines[0] ?? "", pattern);
}

test("policy: an unknown action, task type or tier, a missing reason and a bad version are one line each", async () => {
  await expectUsageError(["policy", "frob"], /action: unknown "frob"; expected one of show, history, set, rollback/);
  await expectUsageError(
    ["policy", "set", "horoscope", "fast", "--reason", "x"],
    /task type: unknown "horoscope"; the routing config knows account_strategy, campaign_summary/,
  );
  await expectUsageError(["policy", "set", "campaign_summary", "turbo", "--reason", "x"], /tier: unknown "turbo"; expected fast, standard, powerful or base/);
  await expectUsageError(["policy", "set", "campaign_summary", "fast"], /--reason: policy set needs --reason/);
  await expectUsageError(["policy", "rollback", "seven", "--reason", "x"], /--version: expected an integer/);
  await expectUsageError(["policy", "set", "campaign_summary"], /policy set takes 2 argument\(s\), got 1/);
  await expectUsageError(["policy", "what-if", "campaign_summary=turbo"], /tier: unknown "turbo" for campaign_summary/);
  await expectUsageError(["policy", "what-if", "campaign_summary"], /proposal: expected type=tier/);
});

test("policy: an unreachable broker is one line and exit 1", async () => {
  const outcome = await runCommandLine(["policy", "show"], { environment: offline });
  assert.equal(outcome.exitCode, 1);
  assert.match(outcome.stderr.trim(), /^switchyard policy: cannot reach Kafka/);
});
