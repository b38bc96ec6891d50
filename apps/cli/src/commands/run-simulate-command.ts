import { SimulatorConfigSchema, startModelSimulator, type SimulatorConfigInput } from "@switchyard/model-simulator";
import { parseConfigFile, parseConfigValue, ConfigurationError } from "@switchyard/platform";
import { loadCliConfig } from "../cli-config";
import type { CommandInvocation } from "../command-line/command";
import { createCliLogger } from "../command-line/create-cli-logger";
import { readInteger, readNumber, readString } from "../command-line/read-options";
import { resolveUserPath } from "../command-line/resolve-paths";
import { untilInterrupted } from "../command-line/until-interrupted";

export async function runSimulateCommand({ values, io }: CommandInvocation): Promise<number> {
  const config = loadCliConfig(io.environment);
  const port = readInteger(values, "port", 8787, 0, 65_535);
  const host = readString(values, "host") ?? "127.0.0.1";
  const latencyScale = readNumber(values, "latency-scale", 0, 1_000);
  const simulatorConfig: SimulatorConfigInput = {
    ...readSimulatorConfig(readString(values, "config"), io.workingDirectory),
    ...(latencyScale === undefined ? {} : { latencyScale }),
  };
  const logger = createCliLogger(config, io);
  const simulator = await startModelSimulator({ port, host, config: simulatorConfig, logger }).catch((error: unknown) => {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigurationError(
      "--port",
      code === "EADDRINUSE"
        ? `${host}:${port} is already in use (is a simulator running? try --port 0)`
        : `cannot listen on ${host}:${port} (${code ?? String(error)})`,
    );
  });
  io.stdout.write(`model simulator listening on ${simulator.url} (Ctrl-C to stop)\n`);
  io.stdout.write(`  services without ANTHROPIC_API_KEY use it with SIMULATOR_URL=${simulator.url} (or ANTHROPIC_BASE_URL)\n`);
  await untilInterrupted();
  const stats = simulator.stats();
  await simulator.close();
  io.stdout.write(`stopped after ${stats.totalCalls} calls (${JSON.stringify(stats.byStatus)})\n`);
  return 0;
}

function readSimulatorConfig(value: string | undefined, workingDirectory: string): SimulatorConfigInput {
  if (value === undefined) return {};
  if (!value.trimStart().startsWith("{")) return parseConfigFile(SimulatorConfigSchema, resolveUserPath(workingDirectory, value), "--config");
  let json: unknown;
  try {
    json = JSON.parse(value);
  } catch (error) {
    throw new ConfigurationError("--config", `not valid JSON (${(error as Error).message})`, { cause: error });
  }
  return parseConfigValue(SimulatorConfigSchema, json, "--config");
}
