import type { Command } from "../command-line/command";

export const simulateCommand: Command = {
  name: "simulate",
  summary: "run the model simulator (an Anthropic Messages API stand-in) in the foreground",
  usage: "switchyard simulate [--port 8787] [--host 127.0.0.1] [--config FILE|JSON] [--latency-scale X]",
  details: [
    "Serves POST /v1/messages like the Anthropic API, with per-model latency, a quality model, faults and rate limits " +
      "(see packages/model-simulator). Services without ANTHROPIC_API_KEY call it at http://127.0.0.1:8787. " +
      "GET/POST /_simulator/config reads and changes its configuration while it runs; GET /_simulator/stats counts calls.",
  ],
  options: {
    port: { type: "string", valueName: "PORT", description: "port to listen on (default 8787; 0 picks a free one)" },
    host: { type: "string", valueName: "HOST", description: "address to listen on (default 127.0.0.1)" },
    config: { type: "string", short: "c", valueName: "FILE|JSON", description: "simulator configuration: a JSON file, or JSON text starting with {" },
    "latency-scale": { type: "string", valueName: "X", description: "multiplies every model's latency (0 answers at once)" },
  },
  positionals: { minimum: 0, maximum: 0, names: "" },
  examples: [
    "switchyard simulate",
    `switchyard simulate --port 0 --config '{"faults":[{"kind":"overloaded","share":0.1}]}'`,
    "ANTHROPIC_BASE_URL=http://127.0.0.1:8787 npm run router",
  ],
  // The command's dependencies load only when it runs, so that --help stays fast.
  run: async (invocation) => (await import("./run-simulate-command.js")).runSimulateCommand(invocation),
};
