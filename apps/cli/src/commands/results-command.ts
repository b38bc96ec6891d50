import type { Command } from "../command-line/command";
import { KAFKA_CONNECTION_OPTIONS } from "../command-line/connection-flags";

export const resultsCommand: Command = {
  name: "results",
  summary: "print the results on the results topic; --follow keeps printing new ones",
  usage: "switchyard results [--follow] [--from-beginning] [--task-id ID] [--format text|jsonl] [-b BROKERS]",
  details: [
    "Without --follow, prints every result in TOPIC_RESULTS (default llm.results) from its beginning to its current end. " +
      "With --follow, prints results as they are published (add --from-beginning to start with the existing ones) until Ctrl-C. " +
      "Reads without a consumer group's commits: it never moves anyone's offsets. It never creates the topic: " +
      "when it is missing, the command says so (exit 1): a typo in TOPIC_RESULTS must not leave a new topic behind.",
  ],
  options: {
    follow: { type: "boolean", short: "F", description: "keep printing results as they arrive, until Ctrl-C" },
    "from-beginning": { type: "boolean", description: "with --follow: start with the results already in the topic" },
    "task-id": { type: "string", valueName: "ID", description: "only the result of this task" },
    format: {
      type: "string",
      short: "f",
      valueName: "text|jsonl",
      description: "one line per result: text (default) or the result event as JSON (JSON Lines)",
    },
    json: { type: "boolean", description: "the same as --format jsonl" },
    ...KAFKA_CONNECTION_OPTIONS,
  },
  positionals: { minimum: 0, maximum: 0, names: "" },
  examples: ["switchyard results --follow", "switchyard results --task-id kw-000123 --format jsonl", "switchyard results -b broker-1:9092 --follow"],
  // The command's dependencies load only when it runs, so that --help stays fast.
  run: async (invocation) => (await import("./run-results-command.js")).runResultsCommand(invocation),
};
