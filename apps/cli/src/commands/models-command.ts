import { ANTHROPIC_MODEL_ALIASES, anthropicLifecycleTable, createPricingCatalog } from "@switchyard/llm";
import { loadRoutingConfig } from "@switchyard/routing";
import { loadCliConfig } from "../cli-config";
import type { Command } from "../command-line/command";
import { readChoice, readTime } from "../command-line/read-options";
import { buildModelRows, MODEL_COLUMNS } from "../models/build-model-rows";
import { formatRows, OUTPUT_FORMATS } from "../output/format-rows";

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
    format: { type: "string", short: "f", valueName: "table|json|jsonl|csv", description: "output format (default table)" },
  },
  positionals: { minimum: 0, maximum: 0, names: "" },
  examples: ["switchyard models", "switchyard models --at 2026-10-01T00:00:00Z --format json"],
  async run({ values, io }) {
    const config = loadCliConfig(io.environment);
    const format = readChoice(values, "format", OUTPUT_FORMATS, "table");
    const at = readTime(values, "at") ?? new Date();
    const routing = loadRoutingConfig(config.routingConfigPath);
    const pricing = createPricingCatalog({ overrides: routing.pricing });
    const rows = buildModelRows({ routing, pricing, lifecycle: anthropicLifecycleTable(), aliases: ANTHROPIC_MODEL_ALIASES, at });
    io.stdout.write(formatRows(format, MODEL_COLUMNS, rows, { at: at.toISOString() }));
    return 0;
  },
};
