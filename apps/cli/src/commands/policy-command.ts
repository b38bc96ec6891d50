import type { Command } from "../command-line/command";

export const policyCommand: Command = {
  name: "policy",
  summary: "the live routing policy: show, history, set, rollback, apply-recommendations, what-if",
  usage:
    "switchyard policy show | history | set <type> <tier|base> --reason R | rollback <version> | apply-recommendations [--yes] | what-if <file|type=tier,...> [--from ISO --to ISO]",
  details: [
    "The routing config file is the base policy; the policy topic (TOPIC_POLICY, default llm.policy) carries versioned changes " +
      "that every router follows within seconds. A task's tier pin beats the policy, the policy beats the base.",
    "set moves a task type to a tier and pins it against the controller (base removes the override and the pin). Moving down must " +
      "follow the evidence rules (one tier, the shadow's 95% lower bound at the target on the minimum samples, read from ClickHouse) unless --force.",
    "rollback <version> brings every task type back to what it had at that version, as new changes. apply-recommendations publishes the moves " +
      "the controller's rules support (it shows them and asks, or --yes). what-if prices a proposed policy on a past window.",
  ],
  options: {
    reason: { type: "string", valueName: "TEXT", description: "why (set, rollback; required)" },
    author: { type: "string", valueName: "NAME", description: "recorded as operator:<NAME> (default $USER)" },
    force: { type: "boolean", description: "set: move down without the evidence rules" },
    yes: { type: "boolean", short: "y", description: "apply-recommendations: do not ask" },
    from: { type: "string", valueName: "ISO", description: "what-if: start of the window (default 7 days before --to)" },
    to: { type: "string", valueName: "ISO", description: "what-if: end of the window (default now)" },
    "data-dir": { type: "string", valueName: "DIR", description: "what-if: a demo's chDB data folder instead of the server" },
  },
  positionals: { minimum: 1, maximum: 3, names: "an action (show, history, set, rollback, apply-recommendations, what-if) and its arguments" },
  examples: [
    "switchyard policy show",
    'switchyard policy set campaign_summary fast --reason "shadow agreement 99% on 400 samples"',
    'switchyard policy rollback 3 --reason "summaries got worse"',
    "switchyard policy what-if campaign_summary=fast --from 2026-11-23T00:00:00Z",
  ],
  // The command's dependencies load only when it runs, so that --help stays fast.
  run: async (invocation) => (await import("./run-policy-command.js")).runPolicyCommand(invocation),
};
