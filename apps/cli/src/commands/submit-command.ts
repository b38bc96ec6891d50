import type { Command } from "../command-line/command";
import { KAFKA_CONNECTION_OPTIONS } from "../command-line/connection-flags";

export const submitCommand: Command = {
  name: "submit",
  summary: "publish a task to the tasks topic; --wait prints its result",
  usage: "switchyard submit [file | -] [--type T --prompt TEXT] [--wait] [options]",
  details: [
    "The task comes from a JSON file (or - for standard input), from flags (--type with --prompt, or with the " +
      "prompt on standard input), or, with neither, from a JSON task typed at the terminal (end with Ctrl-D). " +
      "A missing id is generated. The task is checked against the task schema and the routing config " +
      "(SWITCHYARD_CONFIG) before anything is sent: an unknown task type is refused here.",
    "Publishes to KAFKA_BROKERS (topic TOPIC_TASKS, default llm.tasks). With --wait, prints the task's result from " +
      "TOPIC_RESULTS (default llm.results) once the router has answered; exits 1 when the result is an error.",
  ],
  options: {
    type: { type: "string", short: "t", valueName: "TYPE", description: "the task type, e.g. keyword_relevance" },
    prompt: { type: "string", short: "p", valueName: "TEXT", description: "the user message (default: standard input)" },
    system: { type: "string", valueName: "TEXT", description: "a system prompt" },
    "max-tokens": { type: "string", valueName: "N", description: "the answer's token limit (default 1024)" },
    tier: { type: "string", valueName: "TIER", description: "pin fast, standard or powerful (skips classification)" },
    id: { type: "string", valueName: "ID", description: "the task id (default: generated)" },
    metadata: { type: "string", short: "m", multiple: true, valueName: "key=value", description: "metadata carried to the result and usage, e.g. tenant=acme" },
    wait: { type: "boolean", short: "w", description: "wait for the result and print it" },
    timeout: { type: "string", valueName: "SECONDS", description: "how long --wait waits (default 120)" },
    json: { type: "boolean", description: "print the result event as JSON (as --format json)" },
    format: { type: "string", short: "f", valueName: "text|json|jsonl", description: "how --wait prints the result (default text); jsonl: one line" },
    ...KAFKA_CONNECTION_OPTIONS,
  },
  positionals: { minimum: 0, maximum: 1, names: "a task file, or - for standard input" },
  examples: [
    "switchyard submit --type keyword_relevance --prompt \"Is 'trail shoes' relevant to Acme trail running shoes?\" --wait",
    "switchyard submit task.json --wait --json",
    `echo '{"type":"campaign_summary","messages":[{"role":"user","content":"…"}],"maxTokens":800}' | switchyard submit --wait`,
  ],
  // The command's dependencies load only when it runs, so that --help stays fast.
  run: async (invocation) => (await import("./run-submit-command.js")).runSubmitCommand(invocation),
};
