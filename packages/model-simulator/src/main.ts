import { createLogger, onShutdownSignal, runMain } from "@switchyard/platform";
import { loadSimulatorProcessConfig } from "./config";
import { startModelSimulator } from "./simulator-server";

runMain("simulator", async () => {
  const config = loadSimulatorProcessConfig(process.env);
  const logger = createLogger({ name: "model-simulator", level: config.logLevel });
  const simulator = await startModelSimulator({ port: config.port, host: config.host, config: config.simulator, logger });
  onShutdownSignal(logger, () => simulator.close());
});
