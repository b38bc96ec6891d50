import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { AlertEvent } from "@switchyard/contracts";
import type { IncomingMessage } from "@switchyard/kafka";
import { createLogger, isSwitchyardError } from "@switchyard/platform";
import { createAlertWebhookHandler } from "../src/index";

const logger = createLogger({ name: "test", level: "silent" });

const alert: AlertEvent = {
  version: 1,
  alertId: "a1",
  ts: "2026-11-30T12:00:00.000Z",
  kind: "budget_threshold",
  subject: "budget=tenant=acme period=day",
  hour: "2026-11-30",
  observed: 8,
  baseline: 10,
  threshold: 0.8,
  message: "budget tenant=acme passed 80% of its day limit",
};

function message(event: AlertEvent): IncomingMessage {
  return { topic: "llm.alerts", partition: 0, offset: "0", key: null, value: Buffer.from(JSON.stringify(event)), headers: {}, timestamp: "0" };
}

function fakeFetch(statuses: number[]) {
  const bodies: unknown[] = [];
  const fetchLike = (async (_url: string | URL | Request, init?: RequestInit) => {
    bodies.push(JSON.parse(String(init?.body)));
    return new Response("", { status: statuses.shift() ?? 200 });
  }) as typeof fetch;
  return { fetchLike, bodies };
}

async function handle(handler: ReturnType<typeof createAlertWebhookHandler>, event: AlertEvent): Promise<unknown> {
  const incoming = message(event);
  try {
    await handler.handle(handler.decode(incoming), { logger, signal: new AbortController().signal, message: incoming });
    return "delivered";
  } catch (error) {
    return isSwitchyardError(error) ? { code: error.code, retryable: error.retryable } : error;
  }
}

describe("alert webhook handler", () => {
  it("posts each alert id once, whatever number of times it is consumed", async () => {
    const { fetchLike, bodies } = fakeFetch([]);
    const handler = createAlertWebhookHandler({ url: "http://127.0.0.1:1/hook", format: "json", timeoutMs: 1_000, fetch: fetchLike });
    await handle(handler, alert);
    await handle(handler, alert);
    await handle(handler, { ...alert, alertId: "a2" });
    assert.deepEqual(
      bodies.map((body) => (body as AlertEvent).alertId),
      ["a1", "a2"],
    );
  });

  it("makes 5xx, 429 and timeouts retryable and other 4xx not, and delivers after a retry", async () => {
    const { fetchLike, bodies } = fakeFetch([503, 429, 400]);
    const handler = createAlertWebhookHandler({ url: "http://127.0.0.1:1/hook", format: "json", timeoutMs: 1_000, fetch: fetchLike });
    assert.deepEqual(await handle(handler, alert), { code: "alert_delivery_failed", retryable: true });
    assert.deepEqual(await handle(handler, alert), { code: "alert_delivery_failed", retryable: true });
    assert.deepEqual(await handle(handler, alert), { code: "alert_delivery_failed", retryable: false });
    assert.equal(await handle(handler, alert), "delivered");
    assert.equal(await handle(handler, alert), "delivered");
    assert.equal(bodies.length, 4, "the fifth is a duplicate and not posted");
  });

  it("sends Slack's text payload in slack format", async () => {
    const { fetchLike, bodies } = fakeFetch([]);
    const handler = createAlertWebhookHandler({ url: "http://127.0.0.1:1/hook", format: "slack", timeoutMs: 1_000, fetch: fetchLike });
    await handle(handler, alert);
    assert.deepEqual(Object.keys(bodies[0] as object), ["text"]);
    assert.match((bodies[0] as { text: string }).text, /budget threshold.*passed 80%.*alert a1/);
  });
});
