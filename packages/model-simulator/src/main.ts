import { ConfigurationError, createLogger, integerSetting, logLevelSetting, onShutdownSignal, optionalString, parseConfigFile, parseConfigValue, parseEnvironment, runMain } from "@switchyard/platform";
import { z } from "zod";
import { SimulatorConfigSchema, type SimulatorConfigInput } from "./simulator-config";
import { startModelSimulator } from "./simulator-server";

const SimulatorEnvironmentSchema = z.object({
  SIMULATOR_PORT: integerSetting(8787, 0, 65_535),
  SIMULATOR_HOST: z.preprocess((value) => (value === "" ? undefined : value), z.string().min(1).default("127.0.0.1")),
  /** JSON text (starting with "{") or the path of a JSON file. */
  SIMULATOR_CONFIG: optionalString(),
  LOG_LEVEL: logLevelSetting(),
});

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

runMain("simulator", async () => {
  const environment = parseEnvironment(SimulatorEnvironmentSchema, process.env);
  const config = loadSimulatorConfig(environment.SIMULATOR_CONFIG);
  const logger = createLogger({ name: "model-simulator", level: environment.LOG_LEVEL });
  const simulator = await startModelSimulator({ port: environment.SIMULATOR_PORT, host: environment.SIMULATOR_HOST, config, logger });
  onShutdownSignal(logger, () => simulator.close());
});
