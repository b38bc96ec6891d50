import { runConsumerLoop, type ConsumerLoop, type Transport } from "@switchyard/kafka";
import type { Logger, Registry } from "@switchyard/platform";
import { createAlertWebhookHandler, type AlertWebhookOptions } from "./alert-webhook-handler";

export interface StartAlertWebhookOptions extends AlertWebhookOptions {
  transport: Transport;
  alertsTopic: string;
  deadLetterTopic: string;
  groupId: string;
  /** Backoff between delivery attempts. */
  retry: { initialDelayMs: number; maxDelayMs: number };
  logger: Logger;
  registry?: Registry;
}

/** Consumes llm.alerts in its own group and posts each alert to the webhook (see createAlertWebhookHandler). */
export function startAlertWebhook(options: StartAlertWebhookOptions): Promise<ConsumerLoop> {
  const { transport, alertsTopic, deadLetterTopic, groupId, retry, logger, registry, ...webhook } = options;
  const child = logger.child({ component: "alert-webhook", receiver: new URL(webhook.url).host, format: webhook.format });
  return runConsumerLoop({
    transport,
    groupId,
    topics: [alertsTopic],
    handler: createAlertWebhookHandler(webhook),
    maxInFlight: 4,
    deadLetterTopic,
    retry,
    logger: child,
    ...(registry ? { registry } : {}),
  });
}
