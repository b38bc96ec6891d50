import { spawn, type ChildProcess } from "node:child_process";
import { closeSync, mkdirSync, openSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT, RUN_DIRECTORY, SCRIPTS, freePort, waitUntil } from "./bench-environment";

const CLEARED_PREFIXES = ["KAFKA_", "CLICKHOUSE_", "ANTHROPIC_", "TOPIC_", "ROUTER_", "SINK_", "SIMULATOR_", "SWITCHYARD_CONFIG", "METRICS_PORT", "LOG_"];

/** A service in its own process (as deployed), its output in a log file under .run/bench. */
// Children must not outlive this process (a failed or interrupted run): they are killed on exit.
const children = new Set<ChildProcess>();
process.once("exit", () => {
  for (const child of children) child.kill("SIGKILL");
});
for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => process.exit(130));

export class ChildService {
  private exitCode: number | null | undefined;
  readonly exited: Promise<void>;

  private constructor(
    readonly name: string,
    private readonly child: ChildProcess,
    readonly logPath: string,
  ) {
    this.exited = new Promise((resolve) => {
      children.add(child);
      child.once("exit", (code) => {
        this.exitCode = code;
        children.delete(child);
        resolve();
      });
    });
  }

  static start(script: keyof typeof SCRIPTS, name: string, environment: Record<string, string>): ChildService {
    mkdirSync(RUN_DIRECTORY, { recursive: true });
    const logPath = join(RUN_DIRECTORY, `${name}.log`);
    const descriptor = openSync(logPath, "w");
    const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => !CLEARED_PREFIXES.some((prefix) => key.startsWith(prefix))));
    // BENCH_CHILD_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the measured services.
    const nodeArguments = (process.env.BENCH_CHILD_NODE_ARGS ?? "").split(" ").filter((argument) => argument.length > 0);
    const child = spawn(process.execPath, [...nodeArguments, SCRIPTS[script]], {
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
    const timer = setTimeout(() => this.child.kill("SIGKILL"), 30_000);
    await this.exited;
    clearTimeout(timer);
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
    // The simulator reports per-minute budgets (4,000 requests by default) in anthropic-ratelimit-*
    // headers, and the router rightly pauses when they run out: a throughput benchmark needs budgets
    // it cannot exhaust.
    const unlimited = { rateLimits: { requestsPerMinute: 1_000_000_000, inputTokensPerMinute: 1_000_000_000_000, outputTokensPerMinute: 1_000_000_000_000 } };
    const service = ChildService.start("simulator", name, { SIMULATOR_PORT: String(port), SIMULATOR_CONFIG: JSON.stringify({ ...unlimited, ...config }) });
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
