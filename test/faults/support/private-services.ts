import { spawn } from "node:child_process";
import { closeSync, mkdirSync, openSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { ROOT, RUN_DIRECTORY, freePort } from "./fault-environment";

/**
 * A Kafka broker or ClickHouse server of the scenario's own, started and
 * stopped through scripts/services.sh on other ports and directories, so that
 * restarting it never disturbs the shared instances other tests use.
 */
export class PrivateService {
  private constructor(
    readonly kind: "kafka" | "clickhouse",
    private readonly environment: Record<string, string>,
    private readonly directory: string,
    /** host:port for Kafka, the HTTP URL for ClickHouse. */
    readonly address: string,
  ) {}

  static async kafka(name: string): Promise<PrivateService> {
    const [port, controllerPort] = [await freePort(), await freePort()];
    const directory = join(RUN_DIRECTORY, "private", `${name}-kafka-${port}`);
    return new PrivateService(
      "kafka",
      {
        SWITCHYARD_KAFKA_PORT: String(port),
        SWITCHYARD_KAFKA_CONTROLLER_PORT: String(controllerPort),
        SWITCHYARD_KAFKA_HEAP_OPTS: "-Xms128m -Xmx512m",
        SWITCHYARD_RUN_DIR: join(directory, "run"),
        SWITCHYARD_DATA_DIR: join(directory, "data"),
      },
      directory,
      `127.0.0.1:${port}`,
    );
  }

  static async clickhouse(name: string): Promise<PrivateService> {
    const [httpPort, tcpPort] = [await freePort(), await freePort()];
    const directory = join(RUN_DIRECTORY, "private", `${name}-clickhouse-${httpPort}`);
    return new PrivateService(
      "clickhouse",
      {
        SWITCHYARD_CLICKHOUSE_HTTP_PORT: String(httpPort),
        SWITCHYARD_CLICKHOUSE_TCP_PORT: String(tcpPort),
        SWITCHYARD_RUN_DIR: join(directory, "run"),
        SWITCHYARD_DATA_DIR: join(directory, "data"),
      },
      directory,
      `http://127.0.0.1:${httpPort}`,
    );
  }

  up(): Promise<void> {
    return this.script("up");
  }

  down(): Promise<void> {
    return this.script("down");
  }

  /** Stops it and removes its data. */
  async destroy(): Promise<void> {
    await this.down().catch(() => undefined);
    if (process.env.FAULTS_KEEP !== "1") rmSync(this.directory, { recursive: true, force: true });
  }

  private script(command: "up" | "down"): Promise<void> {
    mkdirSync(this.directory, { recursive: true });
    const outputPath = join(this.directory, "services-script.out");
    const descriptor = openSync(outputPath, "a");
    // The shared instances' addresses must not leak in: the script would only check them.
    const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => key !== "KAFKA_BROKERS" && key !== "CLICKHOUSE_URL"));
    const child = spawn("bash", [join(ROOT, "scripts", "services.sh"), command, this.kind], {
      cwd: ROOT,
      env: { ...inherited, ...this.environment },
      stdio: ["ignore", descriptor, descriptor],
    });
    closeSync(descriptor);
    return new Promise((resolve, reject) => {
      child.once("error", reject);
      child.once("exit", (code) => {
        if (code === 0) resolve();
        else reject(new Error(`services.sh ${command} ${this.kind} exited with ${String(code)}:\n${readFileSync(outputPath, "utf8").slice(-3000)}`));
      });
    });
  }
}
