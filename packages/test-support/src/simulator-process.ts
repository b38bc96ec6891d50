import type { SimulatorStats } from "@switchyard/model-simulator";
import { freePort } from "./free-port";
import { ServiceProcess } from "./service-process";
import { SERVICE_SCRIPTS } from "./test-environment";
import { waitUntil } from "./wait-until";

export interface StartSimulatorProcessOptions {
  name: string;
  logDirectory: string;
  /** SIMULATOR_CONFIG. */
  config: Record<string, unknown>;
  logLevel?: string;
}

/** The model simulator in its own process, so that its HTTP work does not share the test process's CPU time. */
export class SimulatorProcess {
  private constructor(
    readonly process: ServiceProcess,
    readonly url: string,
  ) {}

  /** Starts it on a free port and resolves once it answers. */
  static async start(options: StartSimulatorProcessOptions): Promise<SimulatorProcess> {
    const port = await freePort();
    const service = ServiceProcess.start({
      script: SERVICE_SCRIPTS.simulator,
      name: options.name,
      logDirectory: options.logDirectory,
      environment: { SIMULATOR_PORT: String(port), SIMULATOR_CONFIG: JSON.stringify(options.config) },
      ...(options.logLevel === undefined ? {} : { logLevel: options.logLevel }),
    });
    const simulator = new SimulatorProcess(service, `http://127.0.0.1:${port}`);
    await waitUntil(
      async () => {
        if (!service.running) throw new Error(`the simulator exited: ${service.log().slice(-2000)}`);
        return simulator.stats().then(
          () => true,
          () => false,
        );
      },
      "the simulator answers",
      30_000,
    );
    return simulator;
  }

  async stats(): Promise<SimulatorStats> {
    const response = await fetch(`${this.url}/_simulator/stats`);
    if (!response.ok) throw new Error(`simulator stats: HTTP ${response.status}`);
    return (await response.json()) as SimulatorStats;
  }

  stop(): Promise<void> {
    return this.process.stop();
  }
}
