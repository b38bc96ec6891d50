import { createServer, type Server } from "node:http";
import { Registry, collectDefaultMetrics } from "prom-client";
import type { Logger } from "./logger";

export { Registry, Counter, Gauge, Histogram } from "prom-client";

export interface OperationsServerOptions {
  port: number;
  host?: string;
  registry: Registry;
  /** Readiness: true once the service consumes; false while starting or draining. */
  isReady: () => boolean;
  /** Why it is not ready (e.g. what the start waits for), shown by /readyz. */
  notReadyReason?: () => string | null;
  logger: Logger;
}

export function createMetricsRegistry(service: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  return registry;
}

/** Serves /metrics (Prometheus), /healthz (process alive) and /readyz (consuming; when not, why). */
export async function startOperationsServer(options: OperationsServerOptions): Promise<Server> {
  const server = createServer((request, response) => {
    const path = (request.url ?? "/").split("?")[0];
    if (path === "/metrics") {
      options.registry
        .metrics()
        .then((body) => {
          response.writeHead(200, { "content-type": options.registry.contentType });
          response.end(body);
        })
        .catch((error: unknown) => {
          response.writeHead(500);
          response.end(String(error));
        });
      return;
    }
    if (path === "/healthz") {
      response.writeHead(200, { "content-type": "application/json" });
      response.end('{"status":"ok"}');
      return;
    }
    if (path === "/readyz") {
      const ready = options.isReady();
      const reason = ready ? null : (options.notReadyReason?.() ?? null);
      response.writeHead(ready ? 200 : 503, { "content-type": "application/json" });
      response.end(JSON.stringify({ status: ready ? "ready" : "not_ready", ...(reason === null ? {} : { reason }) }));
      return;
    }
    response.writeHead(404);
    response.end();
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host ?? "0.0.0.0", () => resolve());
  });
  const address = server.address();
  options.logger.info({ port: typeof address === "object" && address ? address.port : options.port }, "operations server listening");
  return server;
}
