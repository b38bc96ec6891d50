import { spawn, type ChildProcess } from "node:child_process";
import { closeSync, mkdirSync, openSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "./test-environment";
import { waitUntil } from "./wait-until";

// Inherited settings that would point a service somewhere else than the test says.
const CLEARED_PREFIXES = [
  "KAFKA_",
  "CLICKHOUSE_",
  "ANTHROPIC_",
  "TOPIC_",
  "ROUTER_",
  "SHADOW_",
  "SINK_",
  "SIMULATOR_",
  "ALERTS_",
  "SWITCHYARD_CONFIG",
  "METRICS_PORT",
  "LOG_",
];

export interface StartServiceProcessOptions {
  /** The script node runs: a SERVICE_SCRIPTS entry, or any built entry point. */
  script: string;
  name: string;
  /** Where the process's log file goes (created when missing). */
  logDirectory: string;
  environment: Record<string, string>;
  /** LOG_LEVEL unless `environment` sets one; default info, as in production. */
  logLevel?: string;
  nodeArguments?: readonly string[];
}

// Children must not outlive the test process (a failed or interrupted run): they are killed on exit.
const children = new Set<ChildProcess>();
let exitHandlersInstalled = false;
let started = 0;

function installExitHandlers(): void {
  if (exitHandlersInstalled) return;
  exitHandlersInstalled = true;
  process.once("exit", () => {
    for (const child of children) child.kill("SIGKILL");
  });
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => process.exit(130));
}

/**
 * A service running as its own process, as in production. Its standard
 * output and error go to one log file (a file descriptor, so nothing is lost
 * on SIGKILL).
 */
export class ServiceProcess {
  readonly exited: Promise<number | null>;
  private exitCode: number | null | undefined;
  private signalled: NodeJS.Signals | null = null;

  private constructor(
    readonly name: string,
    private readonly child: ChildProcess,
    readonly logPath: string,
  ) {
    this.exited = new Promise((resolve) => {
      children.add(child);
      child.once("exit", (code, signal) => {
        this.exitCode = code;
        this.signalled = signal;
        children.delete(child);
        resolve(code);
      });
    });
  }

  static start(options: StartServiceProcessOptions): ServiceProcess {
    installExitHandlers();
    started += 1;
    mkdirSync(options.logDirectory, { recursive: true });
    // Named by test process and start: a log file never holds an earlier run's lines.
    const logPath = join(options.logDirectory, `${options.name}.${process.pid}.${started}.log`);
    const descriptor = openSync(logPath, "w");
    const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => !CLEARED_PREFIXES.some((prefix) => key.startsWith(prefix))));
    const child = spawn(process.execPath, [...(options.nodeArguments ?? []), options.script], {
      cwd: ROOT,
      env: { ...inherited, LOG_LEVEL: options.logLevel ?? "info", ...options.environment },
      stdio: ["ignore", descriptor, descriptor],
    });
    closeSync(descriptor);
    return new ServiceProcess(options.name, child, logPath);
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  get running(): boolean {
    return this.exitCode === undefined;
  }

  /** How the process ended: "code 0", "SIGKILL", or "running". */
  describeExit(): string {
    if (this.running) return "running";
    return this.signalled ?? `code ${String(this.exitCode)}`;
  }

  log(): string {
    try {
      return readFileSync(this.logPath, "utf8");
    } catch {
      return "";
    }
  }

  /** pino JSON lines of this process. */
  logEntries(): Array<Record<string, unknown>> {
    return this.log()
      .split("\n")
      .filter((line) => line.startsWith("{"))
      .flatMap((line) => {
        try {
          return [JSON.parse(line) as Record<string, unknown>];
        } catch {
          return [];
        }
      });
  }

  countMessages(message: string): number {
    return this.logEntries().filter((entry) => entry.msg === message).length;
  }

  /** Waits until the process has logged `message` at least `count` times; fails early when it exits. */
  async waitForMessage(message: string, timeoutMs: number, count = 1): Promise<void> {
    await waitUntil(
      () => {
        if (!this.running)
          throw new Error(`${this.name} exited (${this.describeExit()}) before logging "${message}"; log: ${this.logPath}\n${this.log().slice(-3000)}`);
        return this.countMessages(message) >= count;
      },
      `${this.name} logs "${message}"`,
      timeoutMs,
    );
  }

  kill(signal: NodeJS.Signals): void {
    if (this.running) this.child.kill(signal);
  }

  /** SIGTERM, then SIGKILL when it has not exited after `graceMs`. */
  async stop(graceMs = 45_000): Promise<void> {
    if (!this.running) return;
    this.child.kill("SIGTERM");
    // A timer, not sleep(): it must not keep the test process alive once the child is gone.
    const timer = setTimeout(() => this.child.kill("SIGKILL"), graceMs);
    await this.exited;
    clearTimeout(timer);
  }
}
