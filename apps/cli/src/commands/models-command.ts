import type { Command } from "../command-line/command";
import { FORMAT_OPTION } from "../command-line/table-options";

export const modelsCommand: Command = {
  name: "models",
  summary: "the configured tiers and every model of the price book: price in force, the day it was checked, lifecycle",
  usage: "switchyard models [--at ISO] [--format table|json|jsonl|csv]",
  details: [
    "Prices are USD per million tokens: input, output, cache writes (5-minute and 1-hour) and cache reads, from the entry in force " +
      "at --at (default now); long_context lists the bands above which a whole request is priced higher. The routing config's " +
      "pricing (SWITCHYARD_CONFIG) replaces the shipped entries of the models it names. lifecycle is active, deprecated (with its " +
      "end-of-life date) or retired, from the Anthropic SDK's deprecation table and Anthropic's deprecations page. 'unpriced' models " +
      "are recorded with cost null.",
  ],
  options: {
    at: { type: "string", valueName: "ISO", description: "show prices and lifecycle as of this time (default now)" },
    format: FORMAT_OPTION,
  },
  positionals: { minimum: 0, maximum: 0, names: "" },
  examples: ["switchyard models", "switchyard models --at 2026-10-01T00:00:00Z --format json"],
  // The command's dependencies load only when it runs, so that --help stays fast.
  run: async (invocation) => (await import("./run-models-command.js")).runModelsCommand(invocation),
};
