import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import { invalidRequest, type ApiError } from "./api-error";
import type { BatchRequest, BatchStore } from "./batch-store";
import type { SimulatorConfig } from "./simulator-config";
import { checkHeaders, checkMessagesBody, headerValue, sendError, sendJson } from "./simulator-server";

export interface BatchRoutesOptions {
  store: BatchStore;
  config: () => SimulatorConfig;
  newRequestId: () => string;
}

const CreateBodySchema = z.looseObject({
  requests: z.array(z.looseObject({ custom_id: z.string(), params: z.unknown() }), { message: "requests: Field required" }),
});
const BATCH_PATH = /^\/v1\/messages\/batches\/([A-Za-z0-9_]{1,100})(\/results|\/cancel)?$/;

/**
 * The Message Batches endpoints: create, retrieve, list, results (JSONL) and
 * cancel, shaped as the API answers them so that the SDK's messages.batches
 * talks to the simulator unchanged.
 */
export function createBatchRoutes(options: BatchRoutesOptions) {
  const { store } = options;
  return (request: IncomingMessage, response: ServerResponse, path: string, body: Buffer): void => {
    const requestId = options.newRequestId();
    const fail = (error: ApiError) => sendError(response, error, requestId);
    const headerError = checkHeaders(request, options.config());
    if (headerError) return fail(headerError);
    const baseUrl = `http://${headerValue(request, "host") ?? "127.0.0.1"}`;
    const now = Date.now();
    const headers = { "request-id": requestId };

    if (path === "/v1/messages/batches") {
      if (request.method === "POST") {
        const requests = readCreateBody(body, options.config());
        if ("error" in requests) return fail(requests.error);
        const created = store.create(requests.requests, now);
        if ("status" in created) return fail(created);
        return sendJson(response, 200, store.describe(created, baseUrl, now), headers);
      }
      if (request.method === "GET") return sendJson(response, 200, listPage(store, request, baseUrl, now), headers);
    }
    const match = BATCH_PATH.exec(path);
    if (!match) return fail(notFound(`${request.method} ${path}`));
    const [, id = "", action] = match;
    if (action === "/cancel" && request.method === "POST") {
      const batch = store.cancel(id, now);
      return batch ? sendJson(response, 200, store.describe(batch, baseUrl, now), headers) : fail(notFound(id));
    }
    if (request.method !== "GET") return fail(notFound(`${request.method} ${path}`));
    const batch = store.get(id, now);
    if (!batch) return fail(notFound(id));
    if (action === undefined) return sendJson(response, 200, store.describe(batch, baseUrl, now), headers);
    if (batch.results === null) return fail(invalidRequest(`Batch ${id} has not finished processing`));
    response.writeHead(200, { "content-type": "application/binary", ...headers });
    response.end(batch.results.map((entry) => JSON.stringify(entry)).join("\n") + "\n");
  };
}

function readCreateBody(body: Buffer, config: SimulatorConfig): { requests: BatchRequest[] } | { error: ApiError } {
  let json: unknown;
  try {
    json = JSON.parse(body.toString("utf8"));
  } catch {
    return { error: invalidRequest("There was an error parsing the body of your request: it is not valid JSON") };
  }
  const parsed = CreateBodySchema.safeParse(json);
  if (!parsed.success) return { error: invalidRequest(parsed.error.issues[0]?.message ?? "invalid request") };
  const requests: BatchRequest[] = [];
  for (const [index, entry] of parsed.data.requests.entries()) {
    const checked = checkMessagesBody(entry.params, config);
    if ("error" in checked) return { error: invalidRequest(`requests.${index}.params.${checked.error.message}`) };
    // A batch request has no headers of its own: the quality model uses its default difficulty.
    requests.push({ customId: entry.custom_id, params: checked.messages, profileModel: checked.profileModel, taskType: null });
  }
  return { requests };
}

function listPage(store: BatchStore, request: IncomingMessage, baseUrl: string, now: number) {
  const query = new URL(request.url ?? "/", "http://localhost").searchParams;
  const limit = Math.min(1_000, Math.max(1, Number(query.get("limit") ?? 20) || 20));
  const all = store.list(now);
  const afterId = query.get("after_id");
  const beforeId = query.get("before_id");
  let start = 0;
  let end = all.length;
  if (afterId) start = all.findIndex((batch) => batch.id === afterId) + 1;
  if (beforeId)
    end = Math.max(
      0,
      all.findIndex((batch) => batch.id === beforeId),
    );
  const page = beforeId ? all.slice(Math.max(start, end - limit), end) : all.slice(start, Math.min(end, start + limit));
  const hasMore = beforeId ? end - limit > start : start + limit < end;
  return {
    data: page.map((batch) => store.describe(batch, baseUrl, now)),
    has_more: hasMore,
    first_id: page[0]?.id ?? null,
    last_id: page.at(-1)?.id ?? null,
  };
}

function notFound(what: string): ApiError {
  return { status: 404, type: "not_found_error", message: `${what}: not found`, outcome: "not_found" };
}
