import { randomUUID } from "node:crypto";
import { createShadowEvidenceReader, decidePolicyMoves, percent } from "@switchyard/policy";
import { ConfigurationError } from "@switchyard/platform";
import { loadRoutingConfig } from "@switchyard/routing";
import { loadCliConfig } from "../cli-config";
import type { CommandInvocation } from "../command-line/command";
import { createCliLogger } from "../command-line/create-cli-logger";
import { readFlag, readInteger, readString } from "../command-line/read-options";
import { readAll } from "../command-line/read-stdin";
import { openStore } from "../connections/open-store";
import { describeHistory, describePolicy } from "../policy/describe-policy";
import { openPolicySession, type PolicySession } from "../policy/open-policy-session";
import { planRollback } from "../policy/plan-rollback";
import { buildPolicySetChange, checkPolicySetInput } from "../policy/validate-policy-set";
import { runWhatIf } from "../policy/run-what-if";

const ACTIONS = ["show", "history", "set", "rollback", "apply-recommendations", "what-if"] as const;

export async function runPolicyCommand(invocation: CommandInvocation): Promise<number> {
  const [action, ...rest] = invocation.positionals;
  if (!(ACTIONS as readonly string[]).includes(action ?? "")) {
    throw new ConfigurationError("action", `unknown ${JSON.stringify(action)}; expected one of ${ACTIONS.join(", ")}`);
  }
  const arity: Record<string, number> = { show: 0, history: 0, set: 2, rollback: 1, "apply-recommendations": 0, "what-if": 1 };
  if (rest.length !== arity[action as string]) {
    throw new ConfigurationError(
      "arguments",
      `policy ${action} takes ${arity[action as string]} argument(s), got ${rest.length} (see switchyard policy --help)`,
    );
  }
  if (action === "what-if") return runWhatIf(invocation, rest[0] as string);
  const config = loadCliConfig(invocation.io.environment);
  const logger = createCliLogger(config, invocation.io);
  if ((action === "set" || action === "rollback") && !readString(invocation.values, "reason")) {
    throw new ConfigurationError("--reason", `policy ${action} needs --reason "why"`);
  }
  // Bad input fails before any connection.
  if (action === "set") checkPolicySetInput({ taskType: rest[0] as string, tier: rest[1] as string }, loadRoutingConfig(config.routingConfigPath));
  if (action === "rollback") readInteger({ version: rest[0] }, "version", 0, 0, Number.MAX_SAFE_INTEGER);
  const session = await openPolicySession(config, logger);
  try {
    const stdout = invocation.io.stdout;
    if (action === "show") stdout.write(describePolicy(session.store.current(), session.routing));
    else if (action === "history") stdout.write(describeHistory(session.store.history()));
    else if (action === "set") await setTier(invocation, session, rest[0] as string, rest[1] as string, () => openStore(config, logger, undefined).store);
    else if (action === "rollback") await rollback(invocation, session, rest[0] as string);
    else return await applyRecommendations(invocation, session, () => openStore(config, logger, undefined).store);
    return 0;
  } finally {
    await session.close();
  }
}

function authorOf(invocation: CommandInvocation): string {
  const name = readString(invocation.values, "author") ?? invocation.io.environment.USER ?? "cli";
  const author = `operator:${name}`;
  if (!/^operator:[^\s]{1,100}$/.test(author)) throw new ConfigurationError("--author", "expected a name without spaces, at most 100 characters");
  return author;
}

async function setTier(
  invocation: CommandInvocation,
  session: PolicySession,
  taskType: string,
  tier: string,
  openEvidenceStore: Parameters<typeof buildPolicySetChange>[3],
) {
  const draft = await buildPolicySetChange(
    {
      taskType,
      tier,
      reason: readString(invocation.values, "reason") ?? "",
      author: authorOf(invocation),
      force: readFlag(invocation.values, "force"),
      changeId: randomUUID(),
    },
    session.routing,
    session.store.current(),
    openEvidenceStore,
  );
  const { event } = await session.publish(draft);
  invocation.io.stdout.write(
    `policy v${event.policyVersion}: ${taskType} ${event.override === null ? "back to the routing config" : `on ${event.override.tier}`} (${event.author}: ${event.reason})\n`,
  );
}

async function rollback(invocation: CommandInvocation, session: PolicySession, versionText: string) {
  const version = readInteger({ version: versionText }, "version", 0, 0, Number.MAX_SAFE_INTEGER);
  const steps = planRollback(session.store.history(), session.store.current(), version);
  if (steps.length === 0) {
    invocation.io.stdout.write(`the policy in force already routes as v${version} did: nothing to change\n`);
    return;
  }
  const reason = `rollback to v${version}: ${readString(invocation.values, "reason") ?? ""}`;
  for (const step of steps) {
    const { event } = await session.publish({
      changeId: randomUUID(),
      taskType: step.taskType,
      override: step.override,
      movedFrom: step.movedFrom,
      pinned: step.override !== null,
      author: authorOf(invocation),
      reason,
    });
    invocation.io.stdout.write(
      `policy v${event.policyVersion}: ${step.taskType} ${step.override === null ? "back to the routing config" : `on ${step.override.tier ?? "its base tier"}`}\n`,
    );
  }
}

async function applyRecommendations(
  invocation: CommandInvocation,
  session: PolicySession,
  openEvidenceStore: Parameters<typeof buildPolicySetChange>[3],
): Promise<number> {
  const store = openEvidenceStore();
  let decisions;
  try {
    decisions = await decidePolicyMoves({
      policy: session.store.current(),
      history: session.store.history(),
      routing: session.routing,
      settings: session.routing.policy,
      readEvidence: createShadowEvidenceReader(store),
      now: new Date(),
    });
  } finally {
    await store.close();
  }
  const { stdout } = invocation.io;
  for (const hold of decisions.holds) stdout.write(`  keep   ${hold.taskType} on ${hold.tier ?? "?"}: ${hold.reason}\n`);
  if (decisions.moves.length === 0) {
    stdout.write("nothing to apply: no move is supported by the evidence\n");
    return 0;
  }
  for (const move of decisions.moves) {
    stdout.write(
      `  ${move.kind === "move_down" ? "down" : "back"}   ${move.taskType}: ${move.fromTier} -> ${move.toTier} (${move.evidence.samples} samples, interval ${percent(move.evidence.lower)}-${percent(move.evidence.upper)})\n`,
    );
  }
  if (!readFlag(invocation.values, "yes")) {
    if (invocation.io.stdin.isTTY !== true) throw new ConfigurationError("--yes", "standard input is not a terminal: pass --yes to apply without asking");
    stdout.write(`apply ${decisions.moves.length} change(s)? [y/N] `);
    const answer = (await readLine(invocation.io.stdin)).trim().toLowerCase();
    if (answer !== "y" && answer !== "yes") {
      stdout.write("nothing applied\n");
      return 1;
    }
  }
  for (const move of decisions.moves) {
    const { event } = await session.publish({ ...move.draft, changeId: randomUUID(), author: authorOf(invocation) });
    stdout.write(`policy v${event.policyVersion}: ${event.reason}\n`);
  }
  return 0;
}

async function readLine(stream: NodeJS.ReadableStream): Promise<string> {
  for await (const chunk of stream) return String(chunk).split("\n")[0] ?? "";
  return readAll(stream);
}
