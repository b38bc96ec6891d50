import { spawn, type ChildProcess } from "node:child_process";
import { closeSync, mkdirSync, openSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT, RUN_DIRECTORY, SCRIPTS, freePort, sleep, waitUntil } from "./bench-environment";

const CLEARED_PREFIXES = ["KAFKA_", "CLICKHOUSE_", "ANTHROPIC_", "TOPIC_", "ROUTER_", "SINK_", "SIMULATOR_", "SWITCHYARD_CONFIG", "METRICS_PORT", "LOG_"];

/** A service in its own process (as deployed), its output in a log file under .run/bench. */
export class ChildService {
  private exitCode: number | null | undefined;
  readonly exited: Promise<void>;

  private constructor(
    readonly name: string,
    private readonly child: ChildProcess,
    readonly logPath: string,
  ) {
    this.exited = new Promise((resolve) => {
      child.once("exit", (code) => {
        this.exitCode = code;
        resolve();
      });
    });
  }

  static start(script: keyof typeof SCRIPTS, name: string, environment: Record<string, string>): ChildService {
    mkdirSync(RUN_DIRECTORY, { recursive: true });
    const logPath = join(RUN_DIRECTORY, `${name}.log`);
    const descriptor = openSync(logPath, "w");
    const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => !CLEARED_PREFIXES.some((prefix) => key.startsWith(prefix))));
    const child = spawn(process.execPath, [SCRIPTS[script]], {
      cwd: ROOT,
      env: { ...inherited, LOG_LEVEL: "warn", ...environment },
      stdio: ["ignore", descriptor, descriptor],
    });
    closeSync(descriptor);
    return new ChildService(name, child, logPath);
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  get running(): boolean {
    return this.exitCode === undefined;
  }

  log(): string {
    try {
      return readFileSync(this.logPath, "utf8");
    } catch {
      return "";
    }
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    this.child.kill("SIGTERM");
    const outcome = await Promise.race([this.exited.then(() => "exited"), sleep(30_000).then(() => "timeout")]);
    if (outcome === "timeout") {
      this.child.kill("SIGKILL");
      await this.exited;
    }
  }
}

export interface SimulatorStats {
  totalCalls: number;
  inFlight: number;
  byStatus: Record<string, number>;
}

/** The model simulator in its own process, so its HTTP work does not share the measured process's CPU time. */
export class SimulatorProcess {
  private constructor(
    readonly service: ChildService,
    readonly url: string,
  ) {}

  static async start(name: string, config: Record<string, unknown>): Promise<SimulatorProcess> {
    const port = await freePort();
    const service = ChildService.start("simulator", name, { SIMULATOR_PORT: String(port), SIMULATOR_CONFIG: JSON.stringify(config) });
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
    return this.service.stop();
  }
}
