import { AlertEventSchema, decodeEvent, type AlertEvent } from "@switchyard/contracts";
import type { IncomingMessage, MessageHandler } from "@switchyard/kafka";
import { SwitchyardError } from "@switchyard/platform";

export type WebhookFormat = "json" | "slack";

export interface AlertWebhookOptions {
  /** The receiver; it may carry a secret (Slack's do), so it never reaches a log line. */
  url: string;
  /** "json": the alert event as it is on llm.alerts; "slack": `{ "text": … }` for an incoming webhook. */
  format: WebhookFormat;
  timeoutMs: number;
  /** Alert ids remembered as delivered (a bounded window; the oldest are forgotten first). */
  rememberedAlerts?: number;
  fetch?: typeof fetch;
}

const MAX_ALERT_BYTES = 64 * 1024;

/**
 * Delivers each alert of llm.alerts to a webhook once: an alert id already
 * delivered (or being delivered) is skipped, so the same budget alert from two
 * routers, or a detector finding published again, reaches people once. A
 * failure the receiver may get over (timeout, connection, 408, 429, 5xx) is
 * retryable: the consumer loop backs off and tries again, and the offset is
 * committed only after a delivery. Other 4xx answers are dead-lettered.
 */
export function createAlertWebhookHandler(options: AlertWebhookOptions): MessageHandler<AlertEvent> {
  const post = options.fetch ?? fetch;
  const remembered = options.rememberedAlerts ?? 10_000;
  const delivered = new Set<string>();
  const delivering = new Map<string, Promise<void>>();

  const deliver = async (alert: AlertEvent, signal: AbortSignal): Promise<void> => {
    let response: Response;
    try {
      response = await post(options.url, {
        method: "POST",
        headers: { "content-type": "application/json", "x-switchyard-alert-id": alert.alertId },
        body: JSON.stringify(options.format === "slack" ? toSlackPayload(alert) : alert),
        signal: AbortSignal.any([signal, AbortSignal.timeout(options.timeoutMs)]),
      });
    } catch (error) {
      throw new SwitchyardError("alert_delivery_failed", "alert webhook unreachable or timed out", { retryable: true, cause: error });
    }
    await response.body?.cancel().catch(() => undefined);
    if (response.ok) return;
    const retryable = response.status === 408 || response.status === 429 || response.status >= 500;
    throw new SwitchyardError("alert_delivery_failed", `alert webhook answered HTTP ${response.status}`, { retryable });
  };

  return {
    name: "alert-webhook",
    decode: (message: IncomingMessage) => decodeEvent(AlertEventSchema, message.value, { maxBytes: MAX_ALERT_BYTES }),
    async handle(alert, context) {
      if (delivered.has(alert.alertId)) return [];
      const pending = delivering.get(alert.alertId);
      if (pending) {
        await pending;
        return [];
      }
      const attempt = deliver(alert, context.signal);
      delivering.set(alert.alertId, attempt);
      try {
        await attempt;
      } finally {
        delivering.delete(alert.alertId);
      }
      delivered.add(alert.alertId);
      if (delivered.size > remembered) delivered.delete(delivered.values().next().value as string);
      context.logger.info({ alertId: alert.alertId, kind: alert.kind }, "alert delivered to the webhook");
      return [];
    },
    taskIdOf: (alert) => alert.alertId,
  };
}

/** Slack's incoming-webhook shape: one text line (mrkdwn), which most chat tools also accept. */
export function toSlackPayload(alert: AlertEvent): { text: string } {
  return { text: `:rotating_light: *Switchyard ${alert.kind.replace(/_/g, " ")}* (${alert.subject}): ${alert.message} [alert ${alert.alertId}]` };
}
