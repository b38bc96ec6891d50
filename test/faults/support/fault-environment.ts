import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join, resolve } from "node:path";

/** The repository root: test/dist/faults/support → four levels up. */
export const ROOT = process.env.SWITCHYARD_ROOT ?? resolve(__dirname, "..", "..", "..", "..");

/** The broker and server every scenario uses unless it brings its own. */
export const SHARED_BROKERS = process.env.KAFKA_BROKERS ?? "127.0.0.1:9092";
export const SHARED_CLICKHOUSE_URL = process.env.CLICKHOUSE_URL ?? "http://127.0.0.1:8123";

export const SERVICE_SCRIPTS = {
  router: join(ROOT, "services", "router", "dist", "src", "main.js"),
  shadow: join(ROOT, "services", "shadow", "dist", "src", "main.js"),
  sink: join(ROOT, "services", "metrics-sink", "dist", "src", "main.js"),
  simulator: join(ROOT, "packages", "model-simulator", "dist", "src", "main.js"),
} as const;
export type ServiceKind = keyof typeof SERVICE_SCRIPTS;

/**
 * One run of the suite shares a directory (logs of every process, the count
 * lines) and one pair of secrets, so that the canary scenario can sweep what
 * all the others left behind. The runner sets FAULTS_RUN_DIR; a scenario run
 * on its own uses .run/faults/manual.
 */
export const RUN_DIRECTORY = process.env.FAULTS_RUN_DIR ?? join(ROOT, ".run", "faults", "manual");
export const LOG_DIRECTORY = join(RUN_DIRECTORY, "logs");
export const COUNTS_FILE = join(RUN_DIRECTORY, "counts.txt");
export const MANIFEST_DIRECTORY = join(RUN_DIRECTORY, "manifests");

export interface RunSecrets {
  /** Planted in every prompt; must never show up in a log line, a dead-letter header or a ClickHouse row. */
  canary: string;
  /** A fake API key given to the router and the shadow (the simulator accepts only it). */
  apiKey: string;
}

export function runSecrets(): RunSecrets {
  mkdirSync(RUN_DIRECTORY, { recursive: true });
  const path = join(RUN_DIRECTORY, "secrets.json");
  if (existsSync(path)) return JSON.parse(readFileSync(path, "utf8")) as RunSecrets;
  // Ten characters: V8 quotes the first ten characters of a text that is not JSON in its error message.
  const secrets: RunSecrets = {
    canary: `CNRY${randomBytes(3).toString("hex")}`,
    apiKey: `sk-ant-fake-CANARY-${randomBytes(12).toString("hex")}`,
  };
  writeFileSync(path, JSON.stringify(secrets));
  return secrets;
}

export function ensureRunDirectories(): void {
  for (const directory of [RUN_DIRECTORY, LOG_DIRECTORY, MANIFEST_DIRECTORY]) mkdirSync(directory, { recursive: true });
}

/** A short random suffix for topic, group and database names. */
export function uniqueSuffix(): string {
  return `${Date.now().toString(36)}${randomBytes(3).toString("hex")}`;
}

/** A TCP port that was free a moment ago (listening on 0, then closed). */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

export function sleep(milliseconds: number): Promise<void> {
  return new Promise((resolveSleep) => setTimeout(resolveSleep, milliseconds));
}

/** Polls until the predicate holds; fails naming `what` (and the last progress) after the timeout. */
export async function waitUntil(
  predicate: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs: number,
  progress?: () => string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting until ${what}${progress ? ` (${progress()})` : ""}`);
    await sleep(100);
  }
}
