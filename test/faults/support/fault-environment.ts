import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { BROKERS, CLICKHOUSE_URL, ROOT } from "@switchyard/test-support";

export { ROOT, SERVICE_SCRIPTS, freePort, uniqueSuffix, waitUntil, type ServiceKind } from "@switchyard/test-support";
export { sleep } from "@switchyard/platform";

/** The broker and server every scenario uses unless it brings its own. */
export const SHARED_BROKERS = BROKERS.join(",");
export const SHARED_CLICKHOUSE_URL = CLICKHOUSE_URL;

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
