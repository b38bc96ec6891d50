import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { sleep, type Logger } from "@switchyard/platform";
import { errorBody, invalidRequest, type ApiError } from "./api-error";
import { createBatchRoutes } from "./batch-routes";
import { BatchStore } from "./batch-store";
import { FaultInjector } from "./fault-injector";
import { generateAnswer } from "./generate-answer";
import { MessagesRequestSchema, type MessagesRequest } from "./messages-request";
import { countInputTokens, PromptCache } from "./prompt-cache";
import { RateLimitWindows } from "./rate-limit-windows";
import { createRandom } from "./seeded-random";
import { mergeSimulatorConfig, SimulatorConfigSchema, type Fault, type SimulatorConfig, type SimulatorConfigInput } from "./simulator-config";
import { StatsRecorder, type SimulatorStats } from "./simulator-stats";

export interface StartModelSimulatorOptions {
  /** 0 picks a free port. Default 0. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  config?: SimulatorConfigInput;
  logger?: Logger;
}

export interface ModelSimulator {
  /** http://host:port, to pass as the SDK's baseURL. */
  url: string;
  port: number;
  /** Changes the configuration; each top-level key given replaces the current one. Fault windows restart when `faults` is given. */
  setConfig(change: SimulatorConfigInput): SimulatorConfig;
  config(): SimulatorConfig;
  stats(): SimulatorStats;
  resetStats(): void;
  /** Batches created since the start, and how many are kept. */
  batchStats(): { created: number; stored: number };
  /** Stops listening and drops open connections, hanging calls included. */
  close(): Promise<void>;
}

export const TASK_TYPE_HEADER = "x-switchyard-task-type";
const MAX_BODY_BYTES = 32 * 1024 * 1024;
const DATE_OR_LATEST_SUFFIX = /-(\d{8}|latest)$/;

/** Starts an Anthropic Messages API compatible server for tests, demos and benchmarks. */
export async function startModelSimulator(options: StartModelSimulatorOptions = {}): Promise<ModelSimulator> {
  const host = options.host ?? "127.0.0.1";
  const logger = options.logger?.child({ component: "model-simulator" });
  let config = SimulatorConfigSchema.parse(options.config ?? {});
  const faults = new FaultInjector(config.seed, Date.now());
  const cache = new PromptCache(() => config.cache.minimumTokens);
  const windows = new RateLimitWindows();
  const stats = new StatsRecorder();
  let latencyRandom = createRandom(config.seed, "latency");

  const setConfig = (change: unknown): SimulatorConfig => {
    config = mergeSimulatorConfig(config, change);
    if (typeof change === "object" && change !== null && ("faults" in change || "seed" in change)) faults.restart(config.seed, Date.now());
    latencyRandom = createRandom(config.seed, "latency");
    logger?.info({ faults: config.faults.length, latencyScale: config.latencyScale }, "simulator configuration changed");
    return config;
  };

  /** One completion as the Messages API answers it: the prompt cache, the answer and its usage. */
  const completeMessage = (messages: MessagesRequest, profileModel: string, taskType: string | null, invalidOutput: boolean, serviceTier = "standard") => {
    const usage = cache.apply(profileModel, messages, Date.now());
    const answer = generateAnswer(config, {
      request: messages,
      model: messages.model,
      profileModel,
      taskType,
      inputTokens: usage.inputTokens + usage.cacheCreationInputTokens + usage.cacheReadInputTokens,
      invalidOutput,
    });
    const rateLimitKey = config.models[profileModel]?.rateLimitFamily ?? profileModel;
    windows.record(rateLimitKey, Date.now(), usage.inputTokens + usage.cacheCreationInputTokens, answer.outputTokens);
    const message = {
      id: newId("msg_"),
      type: "message",
      role: "assistant",
      model: messages.model,
      content: [{ type: "text", text: answer.text }],
      stop_reason: answer.stopReason,
      stop_sequence: null,
      usage: {
        input_tokens: usage.inputTokens,
        cache_creation_input_tokens: usage.cacheCreationInputTokens,
        cache_read_input_tokens: usage.cacheReadInputTokens,
        cache_creation: { ephemeral_5m_input_tokens: usage.cacheCreation5mInputTokens, ephemeral_1h_input_tokens: usage.cacheCreation1hInputTokens },
        output_tokens: answer.outputTokens,
        service_tier: serviceTier,
      },
    };
    return { message, outputTokens: answer.outputTokens };
  };
  const batches = new BatchStore(
    () => config,
    (batchRequest) => completeMessage(batchRequest.params, batchRequest.profileModel, batchRequest.taskType, false, "batch").message,
  );
  const handleBatches = createBatchRoutes({ store: batches, config: () => config, newRequestId: () => newId("req_") });

  const handleMessages = async (request: IncomingMessage, response: ServerResponse, body: Buffer): Promise<void> => {
    const requestId = newId("req_");
    const startedAt = Date.now();
    stats.begin(startedAt);
    const closed = new AbortController();
    response.on("close", () => closed.abort());
    let model: string | null = null;
    const finish = (status: number, outcome: string) => stats.finish(model, status, outcome);

    const parsed = readMessagesRequest(request, body, config);
    if ("error" in parsed) {
      sendError(response, parsed.error, requestId);
      finish(parsed.error.status, parsed.error.outcome);
      return;
    }
    const { messages, profileModel } = parsed;
    model = messages.model;
    const rateLimitKey = config.models[profileModel]?.rateLimitFamily ?? profileModel;
    const rateLimitHeaders = () => windows.headers(rateLimitKey, Date.now(), config.rateLimits);

    const fault = faults.choose(config.faults, [messages.model, profileModel], Date.now());
    if (fault?.kind === "hang") {
      stats.hangStarted();
      await new Promise<void>((resolve) => closed.signal.addEventListener("abort", () => resolve(), { once: true }));
      stats.hangEnded();
      finish(0, "hang");
      return;
    }
    const faultError = fault ? faultToError(fault) : null;
    const exhaustedMs = config.rateLimits.enforce ? windows.exhaustedFor(rateLimitKey, Date.now(), config.rateLimits) : null;
    const refusal = faultError ?? (exhaustedMs === null ? null : rateLimited(exhaustedMs, "rate_limit_enforced"));
    if (refusal) {
      sendError(response, { ...refusal, headers: { ...rateLimitHeaders(), ...refusal.headers } }, requestId);
      finish(refusal.status, refusal.outcome);
      return;
    }

    const taskType = decodeTaskType(headerValue(request, TASK_TYPE_HEADER));
    const { message, outputTokens } = completeMessage(messages, profileModel, taskType, fault?.kind === "invalid_output");
    try {
      await sleep(latencyOf(config, profileModel, outputTokens, latencyRandom.next()), closed.signal);
    } catch {
      finish(0, "client_closed");
      return;
    }
    sendJson(response, 200, message, { "request-id": requestId, ...rateLimitHeaders() });
    finish(200, fault ? fault.kind : "ok");
    logger?.debug({ model: messages.model, latencyMs: Date.now() - startedAt, status: 200 }, "simulated completion");
  };

  const handleCountTokens = (request: IncomingMessage, response: ServerResponse, body: Buffer): void => {
    const requestId = newId("req_");
    const parsed = readMessagesRequest(request, body, config, { maxTokensRequired: false });
    if ("error" in parsed) {
      sendError(response, parsed.error, requestId);
      return;
    }
    sendJson(response, 200, { input_tokens: countInputTokens(parsed.messages) }, { "request-id": requestId });
  };

  const handleControl = (request: IncomingMessage, response: ServerResponse, path: string, body: Buffer): void => {
    if (path === "/_simulator/config" && request.method === "GET") return sendJson(response, 200, config);
    if (path === "/_simulator/config" && request.method === "POST") {
      try {
        return sendJson(response, 200, setConfig(JSON.parse(body.toString("utf8")) as unknown));
      } catch (error) {
        return sendJson(response, 400, { error: error instanceof Error ? error.message : String(error) });
      }
    }
    if (path === "/_simulator/stats" && request.method === "GET") return sendJson(response, 200, stats.snapshot(Date.now()));
    if (path === "/_simulator/stats" && request.method === "DELETE") {
      stats.reset(Date.now());
      return sendJson(response, 200, stats.snapshot(Date.now()));
    }
    sendJson(response, 404, { type: "error", error: { type: "not_found_error", message: `${request.method} ${path}: not found` } });
  };

  const server: Server = createServer((request, response) => {
    const path = (request.url ?? "/").split("?")[0] ?? "/";
    readBody(request)
      .then(async (body) => {
        if (body === null)
          return sendError(
            response,
            { status: 413, type: "request_too_large", message: "Request exceeds the maximum allowed number of bytes.", outcome: "too_large" },
            newId("req_"),
          );
        if (path === "/v1/messages" && request.method === "POST") return handleMessages(request, response, body);
        if (path === "/v1/messages/count_tokens" && request.method === "POST") return handleCountTokens(request, response, body);
        if (path === "/v1/messages/batches" || path.startsWith("/v1/messages/batches/")) return handleBatches(request, response, path, body);
        if (path === "/healthz") return sendJson(response, 200, { ok: true });
        return handleControl(request, response, path, body);
      })
      .catch((error: unknown) => {
        logger?.error({ err: error }, "simulator request failed");
        if (!response.headersSent) sendJson(response, 500, { type: "error", error: { type: "api_error", message: "Internal server error" } });
      });
  });
  server.keepAliveTimeout = 30_000;

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host}:${port}`;
  logger?.info({ url, models: Object.keys(config.models).length }, "model simulator listening");

  return {
    url,
    port,
    setConfig,
    config: () => config,
    stats: () => stats.snapshot(Date.now()),
    resetStats: () => stats.reset(Date.now()),
    batchStats: () => batches.stats(),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

export type ParsedRequest = { messages: MessagesRequest; profileModel: string } | { error: ApiError };

/** Checks the key and version headers as the API does; null when they pass. */
export function checkHeaders(request: IncomingMessage, config: SimulatorConfig): ApiError | null {
  const apiKey = headerValue(request, "x-api-key") ?? bearerToken(request);
  if (apiKey === null) return { status: 401, type: "authentication_error", message: "x-api-key header is required", outcome: "authentication" };
  if (config.apiKeys && !config.apiKeys.includes(apiKey))
    return { status: 401, type: "authentication_error", message: "invalid x-api-key", outcome: "authentication" };
  if (headerValue(request, "anthropic-version") === null) return invalidRequest("anthropic-version: header is required");
  return null;
}

/** Checks a Messages API body (already parsed): fields, model, max_tokens. */
export function checkMessagesBody(json: unknown, config: SimulatorConfig, options = { maxTokensRequired: true }): ParsedRequest {
  const withDefaults = options.maxTokensRequired ? json : { max_tokens: 1, ...(json as object) };
  const parsed = MessagesRequestSchema.safeParse(withDefaults);
  if (!parsed.success) return { error: invalidRequest(parsed.error.issues[0]?.message ?? "invalid request") };
  const messages = parsed.data;
  if (messages.stream) return { error: invalidRequest("stream: the model simulator answers without streaming; omit stream or set it to false") };
  const profileModel = resolveModel(messages.model, config);
  if (profileModel === null) return { error: invalidRequest(`model: unknown model '${messages.model}'`) };
  const limit = config.models[profileModel]?.maxOutputTokens ?? Number.POSITIVE_INFINITY;
  if (messages.max_tokens > limit) {
    return {
      error: invalidRequest(`max_tokens: ${messages.max_tokens} > ${limit}, which is the maximum allowed number of output tokens for ${messages.model}`),
    };
  }
  return { messages, profileModel };
}

/** Checks a call as the API does: key, version header, body, model, max_tokens. */
function readMessagesRequest(request: IncomingMessage, body: Buffer, config: SimulatorConfig, options = { maxTokensRequired: true }): ParsedRequest {
  const headerError = checkHeaders(request, config);
  if (headerError) return { error: headerError };
  let json: unknown;
  try {
    json = JSON.parse(body.toString("utf8"));
  } catch {
    return { error: invalidRequest("There was an error parsing the body of your request: it is not valid JSON") };
  }
  return checkMessagesBody(json, config, options);
}

/** The configured model a request's id names: the id itself, or without its -YYYYMMDD / -latest suffix. */
export function resolveModel(model: string, config: SimulatorConfig): string | null {
  if (config.models[model]) return model;
  const undated = model.replace(DATE_OR_LATEST_SUFFIX, "");
  return config.models[undated] ? undated : null;
}

function faultToError(fault: Fault): ApiError | null {
  switch (fault.kind) {
    case "rate_limit":
      return rateLimited(fault.retryAfterMs, "rate_limit");
    case "overloaded":
      return { status: 529, type: "overloaded_error", message: "Overloaded", outcome: "overloaded" };
    case "server_error":
      return { status: 500, type: "api_error", message: "Internal server error", outcome: "server_error" };
    case "spend_limit":
      return {
        status: 429,
        type: "rate_limit_error",
        message: "You have reached your specified API usage limits. You will regain access at the start of next month.",
        details: { error_code: "enforced_spend_limit_reached" },
        outcome: "spend_limit",
      };
    default:
      return null;
  }
}

function rateLimited(retryAfterMs: number, outcome: string): ApiError {
  return {
    status: 429,
    type: "rate_limit_error",
    message:
      "This request would exceed the rate limit for your organization. Please reduce the prompt length or the maximum tokens requested, or try again later.",
    headers: { "retry-after": String(Math.ceil(retryAfterMs / 1000)), "retry-after-ms": String(retryAfterMs) },
    outcome,
  };
}

function latencyOf(config: SimulatorConfig, model: string, outputTokens: number, draw: number): number {
  if (config.fixedLatencyMs !== null) return config.fixedLatencyMs * config.latencyScale;
  const profile = config.models[model];
  if (!profile) return 0;
  const jitter = 1 + (draw * 2 - 1) * config.latencyJitter;
  return (profile.latencyMs + outputTokens * profile.perOutputTokenMs) * jitter * config.latencyScale;
}

export function sendError(response: ServerResponse, error: ApiError, requestId: string): void {
  response.writeHead(error.status, { "content-type": "application/json", "request-id": requestId, ...error.headers });
  response.end(errorBody(error, requestId));
}

export function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { "content-type": "application/json", ...headers });
  response.end(JSON.stringify(body));
}

export function headerValue(request: IncomingMessage, name: string): string | null {
  const value = request.headers[name];
  if (Array.isArray(value)) return value[0] ?? null;
  return value === undefined || value === "" ? null : value;
}

// The router percent-encodes the task type (headers are Latin-1 only).
function decodeTaskType(value: string | null): string | null {
  if (value === null) return null;
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

function bearerToken(request: IncomingMessage): string | null {
  const authorization = headerValue(request, "authorization");
  return authorization?.startsWith("Bearer ") ? authorization.slice("Bearer ".length) : null;
}

function newId(prefix: string): string {
  return `${prefix}${randomBytes(12).toString("hex")}`;
}

/** The body, or null when it is larger than the API accepts. */
function readBody(request: IncomingMessage): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) tooLarge = true;
      else chunks.push(chunk);
    });
    request.on("end", () => resolve(tooLarge ? null : Buffer.concat(chunks)));
    request.on("error", reject);
  });
}
