import assert from "node:assert/strict";
import { waitUntil } from "./fault-environment";
import type { ServiceProcess } from "@switchyard/test-support";

export interface Readiness {
  status: "ready" | "not_ready";
  reason?: string;
}

/** The port the service's operations server listens on (METRICS_PORT=0: it logs the one it got). */
export function operationsPort(service: ServiceProcess): number | null {
  const entry = service.logEntries().find((line) => line.msg === "operations server listening");
  return typeof entry?.port === "number" ? entry.port : null;
}

/** What /readyz answers right now; null while the service has no operations server yet. */
export async function readReadiness(service: ServiceProcess): Promise<Readiness | null> {
  const port = operationsPort(service);
  if (port === null) return null;
  try {
    const response = await fetch(`http://127.0.0.1:${port}/readyz`);
    return (await response.json()) as Readiness;
  } catch {
    return null;
  }
}

/**
 * Polls /readyz of every service until all say ready, failing early when one
 * exits (a restart would hide exactly what the scenarios look for). Returns
 * the distinct not-ready reasons each one gave on the way.
 */
export async function waitUntilReady(services: ServiceProcess[], timeoutMs: number): Promise<Map<string, string[]>> {
  const reasons = new Map<string, string[]>(services.map((service) => [service.name, []]));
  const ready = new Set<ServiceProcess>();
  await waitUntil(
    async () => {
      for (const service of services) {
        if (!service.running)
          throw new Error(`${service.name} exited (${service.describeExit()}) before it was ready; log: ${service.logPath}\n${service.log().slice(-3000)}`);
        if (ready.has(service)) continue;
        const readiness = await readReadiness(service);
        if (readiness?.status === "ready") ready.add(service);
        // Reasons carry the seconds waited: keep the condition, not every second of it.
        const reason = readiness?.reason?.replace(/ \(\d+ s\)/g, "");
        const seen = reasons.get(service.name)!;
        if (reason !== undefined && !seen.includes(reason)) seen.push(reason);
      }
      return ready.size === services.length;
    },
    "every service is ready",
    timeoutMs,
    () => services.map((service) => `${service.name}=${ready.has(service) ? "ready" : "not ready"}`).join(", "),
  );
  return reasons;
}

/** Waits until a service's /readyz gives a not-ready reason that matches. */
export async function waitForNotReadyReason(service: ServiceProcess, pattern: RegExp, timeoutMs: number): Promise<string> {
  let last = "";
  await waitUntil(
    async () => {
      if (!service.running) throw new Error(`${service.name} exited (${service.describeExit()}); log: ${service.logPath}\n${service.log().slice(-3000)}`);
      const readiness = await readReadiness(service);
      last = readiness?.reason ?? readiness?.status ?? "no answer";
      return readiness?.status === "not_ready" && pattern.test(last);
    },
    `${service.name} says it is not ready because ${pattern.source}`,
    timeoutMs,
    () => `last answer: ${last}`,
  );
  return last;
}

/** No service exited, and none logged a fatal line (pino's fatal level or runMain's `fatal:`). */
export function assertStillRunningWithoutFatal(services: ServiceProcess[]): void {
  for (const service of services) {
    assert.ok(service.running, `${service.name} is still the same process (${service.describeExit()})`);
    const fatal = service
      .log()
      .split("\n")
      .filter((line) => /\bfatal\b/i.test(line));
    assert.deepEqual(fatal.slice(0, 3), [], `${service.name} logged a fatal line (${service.logPath})`);
  }
}
