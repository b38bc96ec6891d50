import type { Command } from "../command-line/command";
import { CLICKHOUSE_CONNECTION_OPTIONS, KAFKA_CONNECTION_OPTIONS } from "../command-line/connection-flags";

export const serveCommand: Command = {
  name: "serve",
  summary: "run router, shadow and metrics sink together in this process on Kafka and the ClickHouse server",
  usage: "switchyard serve",
  details: [
    "The real-mode pipeline in one process, configured by the environment like the three services (KAFKA_BROKERS, " +
      "CLICKHOUSE_URL, CLICKHOUSE_*, SWITCHYARD_CONFIG, TOPIC_*, ANTHROPIC_API_KEY, ANTHROPIC_BASE_URL), with the " +
      "services' default consumer groups: it can replace npm run router, shadow and sink, or run beside them.",
    "Without ANTHROPIC_API_KEY it calls the model simulator: the one at ANTHROPIC_BASE_URL when set, otherwise one it " +
      "starts in this process on a free local port. Stops cleanly on Ctrl-C.",
  ],
  options: { ...KAFKA_CONNECTION_OPTIONS, ...CLICKHOUSE_CONNECTION_OPTIONS },
  positionals: { minimum: 0, maximum: 0, names: "" },
  examples: ["npm run services:up && npx switchyard serve", "ANTHROPIC_API_KEY=sk-ant-… npx switchyard serve"],
  // The command's dependencies load only when it runs, so that --help stays fast.
  run: async (invocation) => (await import("./run-serve-command.js")).runServeCommand(invocation),
};
