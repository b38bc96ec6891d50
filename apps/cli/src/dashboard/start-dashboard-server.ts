import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { ConfigurationError, type Logger } from "@switchyard/platform";
import { buildDashboardData, type DashboardSources } from "./build-dashboard-data";
import { isLoopbackHost, MIN_TOKEN_LENGTH, readRequestToken, TOKEN_COOKIE, tokenMatches } from "./check-dashboard-token";
import { readDashboardQuery } from "./read-dashboard-query";

export interface DashboardServerOptions extends DashboardSources {
  host: string;
  port: number;
  /** Required when host is not a loopback address; checked on every request when given. */
  token: string | undefined;
  logger: Logger;
}

export interface DashboardServer {
  url: string;
  close(): Promise<void>;
}

/** The committed page (apps/cli/dashboard) and uPlot from node_modules: no build step. */
const PAGE_DIRECTORY = join(__dirname, "..", "..", "..", "dashboard");
const UPLOT_DIRECTORY = join(require.resolve("uplot/package.json"), "..", "dist");

const ASSETS: Record<string, { file: string; type: string }> = {
  "/": { file: join(PAGE_DIRECTORY, "index.html"), type: "text/html; charset=utf-8" },
  "/dashboard.js": { file: join(PAGE_DIRECTORY, "dashboard.js"), type: "text/javascript; charset=utf-8" },
  "/dashboard.css": { file: join(PAGE_DIRECTORY, "dashboard.css"), type: "text/css; charset=utf-8" },
  "/vendor/uPlot.esm.js": { file: join(UPLOT_DIRECTORY, "uPlot.esm.js"), type: "text/javascript; charset=utf-8" },
  "/vendor/uPlot.min.css": { file: join(UPLOT_DIRECTORY, "uPlot.min.css"), type: "text/css; charset=utf-8" },
};

/** Page loads waiting for the reports at most; more get 503 rather than a queue that only grows. */
const MAX_QUEUED_LOADS = 4;

const SECURITY_HEADERS = {
  // uPlot positions its elements through element.style, which style-src does not govern; no inline script at all.
  "content-security-policy":
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "x-frame-options": "DENY",
};

/** Serves the page and its read-only JSON API (GET /api/dashboard) until closed. */
export async function startDashboardServer(options: DashboardServerOptions): Promise<DashboardServer> {
  if (!isLoopbackHost(options.host) && options.token === undefined) {
    throw new ConfigurationError("--host", `${options.host} is reachable beyond this machine: give --token (or SWITCHYARD_DASHBOARD_TOKEN)`);
  }
  if (options.token !== undefined && options.token.length < MIN_TOKEN_LENGTH) {
    throw new ConfigurationError("--token", `must be at least ${MIN_TOKEN_LENGTH} characters`);
  }
  const assets = new Map(Object.entries(ASSETS).map(([path, asset]) => [path, { body: readFileSync(asset.file), type: asset.type }]));
  // One page load runs the reports one after the other; overlapping loads queue behind each other, a bounded few.
  let queue: Promise<unknown> = Promise.resolve();
  let waiting = 0;
  const server: Server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      options.logger.error({ err: error }, "dashboard request failed");
      if (!response.headersSent) send(response, 500, "application/json", JSON.stringify({ error: "internal error" }));
      else response.destroy();
    });
  });
  server.headersTimeout = 10_000;
  server.requestTimeout = 120_000;

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (request.method !== "GET" && request.method !== "HEAD") {
      send(response, 405, "application/json", JSON.stringify({ error: "read-only: GET only" }), { allow: "GET, HEAD" });
      return;
    }
    const url = new URL(request.url ?? "/", "http://dashboard.invalid");
    const extraHeaders: Record<string, string> = {};
    if (options.token !== undefined) {
      if (!tokenMatches(readRequestToken(request, url), options.token)) {
        send(response, 401, "application/json", JSON.stringify({ error: "a valid token is required (open the URL with ?token=…)" }));
        return;
      }
      if (url.searchParams.has("token")) {
        extraHeaders["set-cookie"] = `${TOKEN_COOKIE}=${encodeURIComponent(options.token)}; HttpOnly; SameSite=Strict; Path=/`;
      }
    }
    if (url.pathname === "/api/dashboard") {
      let query;
      try {
        query = readDashboardQuery(url.searchParams);
      } catch (error) {
        if (!(error instanceof ConfigurationError)) throw error;
        send(response, 400, "application/json", JSON.stringify({ error: error.message }), extraHeaders);
        return;
      }
      if (waiting >= MAX_QUEUED_LOADS) {
        send(response, 503, "application/json", JSON.stringify({ error: "busy: earlier loads are still running" }), { ...extraHeaders, "retry-after": "5" });
        return;
      }
      waiting += 1;
      const run = queue.then(() => buildDashboardData(options, query)).finally(() => (waiting -= 1));
      queue = run.catch(() => undefined);
      send(response, 200, "application/json", JSON.stringify(await run), { ...extraHeaders, "cache-control": "no-store" });
      return;
    }
    const asset = assets.get(url.pathname);
    if (!asset) {
      send(response, 404, "application/json", JSON.stringify({ error: "not found" }), extraHeaders);
      return;
    }
    send(response, 200, asset.type, asset.body, extraHeaders);
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === "IPv6" ? `[${address.address}]` : address.address;
  return {
    url: `http://${shownHost}:${address.port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function send(response: ServerResponse, status: number, type: string, body: string | Buffer, headers: Record<string, string> = {}): void {
  response.writeHead(status, { ...SECURITY_HEADERS, ...headers, "content-type": type, "content-length": Buffer.byteLength(body) });
  response.end(response.req.method === "HEAD" ? undefined : body);
}
