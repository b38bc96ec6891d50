import {
  ConfigurationError,
  integerSetting,
  logLevelSetting,
  optionalString,
  parseConfigFile,
  parseConfigValue,
  parseEnvironment,
  type Environment,
} from "@switchyard/platform";
import { z } from "zod";
import { SimulatorConfigSchema, type SimulatorConfigInput } from "./simulator-config";

const SimulatorEnvironmentSchema = z.object({
  SIMULATOR_PORT: integerSetting(8787, 0, 65_535),
  SIMULATOR_HOST: z.preprocess((value) => (value === "" ? undefined : value), z.string().min(1).default("127.0.0.1")),
  /** JSON text (starting with "{") or the path of a JSON file. */
  SIMULATOR_CONFIG: optionalString(),
  LOG_LEVEL: logLevelSetting(),
});

export interface SimulatorProcessConfig {
  port: number;
  host: string;
  logLevel: string;
  simulator: SimulatorConfigInput;
}

/** The `npm run simulator` process's configuration, read once at start. */
export function loadSimulatorProcessConfig(environment: Environment): SimulatorProcessConfig {
  const parsed = parseEnvironment(SimulatorEnvironmentSchema, environment);
  return { port: parsed.SIMULATOR_PORT, host: parsed.SIMULATOR_HOST, logLevel: parsed.LOG_LEVEL, simulator: loadSimulatorConfig(parsed.SIMULATOR_CONFIG) };
}

function loadSimulatorConfig(value: string | undefined): SimulatorConfigInput {
  if (value === undefined) return {};
  if (value.trimStart().startsWith("{")) {
    let json: unknown;
    try {
      json = JSON.parse(value);
    } catch (error) {
      throw new ConfigurationError("SIMULATOR_CONFIG", `not valid JSON (${(error as Error).message})`, { cause: error });
    }
    return parseConfigValue(SimulatorConfigSchema, json, "SIMULATOR_CONFIG");
  }
  return parseConfigFile(SimulatorConfigSchema, value, "SIMULATOR_CONFIG");
}
