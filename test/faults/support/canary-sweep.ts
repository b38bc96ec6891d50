import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { ClickHouseProbe } from "./clickhouse-probe";
import type { RunSecrets } from "./fault-environment";
import type { ProbedMessage } from "./kafka-probe";

export interface CanaryFinding {
  /** A log file, "dlq header <name>" or "clickhouse <database>.<table>". */
  where: string;
  secret: "canary" | "api key";
  excerpt: string;
}

function needles(secrets: RunSecrets): Array<{ secret: CanaryFinding["secret"]; text: string }> {
  // The key's random tail too: a log that cuts the key short still leaks that part.
  return [
    { secret: "canary", text: secrets.canary },
    { secret: "api key", text: secrets.apiKey },
    { secret: "api key", text: secrets.apiKey.slice(-24) },
  ];
}

function findIn(text: string, where: string, secrets: RunSecrets): CanaryFinding[] {
  const findings: CanaryFinding[] = [];
  for (const needle of needles(secrets)) {
    const index = text.indexOf(needle.text);
    if (index < 0) continue;
    findings.push({ where, secret: needle.secret, excerpt: text.slice(Math.max(0, index - 160), index + needle.text.length + 80) });
  }
  // One finding per secret and place is enough to act on.
  return findings.filter((finding, index) => findings.findIndex((other) => other.secret === finding.secret) === index);
}

/** Every line every service process wrote in this run (one file per process). */
export function sweepLogs(directory: string, secrets: RunSecrets): { files: number; bytes: number; findings: CanaryFinding[] } {
  let bytes = 0;
  const files = readdirSync(directory).filter((name) => name.endsWith(".log"));
  const findings = files.flatMap((name) => {
    const text = readFileSync(join(directory, name), "utf8");
    bytes += text.length;
    return findIn(text, `log ${name}`, secrets);
  });
  return { files: files.length, bytes, findings };
}

/** The headers of dead letters (their value is the original message, the canary included by design). */
export function sweepDeadLetterHeaders(messages: readonly ProbedMessage[], secrets: RunSecrets): CanaryFinding[] {
  return messages.flatMap((message) =>
    Object.entries(message.headers).flatMap(([name, value]) =>
      findIn(`${name}: ${value}`, `dlq header ${name} (${message.topic} offset ${message.offset})`, secrets),
    ),
  );
}

export async function sweepDatabase(
  clickhouse: ClickHouseProbe,
  database: string,
  secrets: RunSecrets,
): Promise<{ tables: number; findings: CanaryFinding[] }> {
  const dumps = await clickhouse.dumpDatabase(database);
  return { tables: dumps.length, findings: dumps.flatMap((dump) => findIn(dump.text, `clickhouse ${database}.${dump.table}`, secrets)) };
}
