import { ANTHROPIC_MODEL_ALIASES, anthropicLifecycleTable, createPricingCatalog } from "@switchyard/llm";
import { loadRoutingConfig } from "@switchyard/routing";
import { loadCliConfig } from "../cli-config";
import type { CommandInvocation } from "../command-line/command";
import { readTime } from "../command-line/read-options";
import { readOutputFormat } from "../command-line/read-output-format";
import { buildModelRows, MODEL_COLUMNS } from "../models/build-model-rows";
import { formatRows } from "../output/format-rows";

export async function runModelsCommand({ values, io }: CommandInvocation): Promise<number> {
  const config = loadCliConfig(io.environment);
  const format = readOutputFormat(values);
  const at = readTime(values, "at") ?? new Date();
  const routing = loadRoutingConfig(config.routingConfigPath);
  const pricing = createPricingCatalog({ overrides: routing.pricing });
  const rows = buildModelRows({ routing, pricing, lifecycle: anthropicLifecycleTable(), aliases: ANTHROPIC_MODEL_ALIASES, at });
  io.stdout.write(formatRows(format, MODEL_COLUMNS, rows, { at: at.toISOString() }));
  return 0;
}
