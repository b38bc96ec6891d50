import { TransportError } from "@switchyard/kafka";
import type { Transport } from "@switchyard/kafka";
import { createPolicyStore, publishPolicyChange, type PolicyChangeDraft, type PolicyStore, type PublishOutcome } from "@switchyard/policy";
import { ConfigurationError, type Logger } from "@switchyard/platform";
import { loadRoutingConfig, type RoutingConfig } from "@switchyard/routing";
import type { CliConfig } from "../cli-config";
import { closeKafkaQuietly, connectKafka, KAFKA_OPERATION_TIMEOUT_MS } from "../connections/connect-kafka";
import { withTransportTimeout } from "../connections/with-transport-timeout";

export interface PolicySession {
  routing: RoutingConfig;
  store: PolicyStore;
  transport: Transport;
  topic: string;
  /** Publishes a change on the policy read; a lost race or no answer is an error. */
  publish(draft: PolicyChangeDraft): Promise<PublishOutcome & { kind: "applied" }>;
  close(): Promise<void>;
}

/** The routing config (the base policy) and the policy topic read to its end. */
export async function openPolicySession(config: CliConfig, logger: Logger): Promise<PolicySession> {
  const routing = loadRoutingConfig(config.routingConfigPath);
  const transport = await connectKafka(config, logger, { quiet: true });
  const store = createPolicyStore({ transport, topic: config.policyTopic, routing, deadLetterTopic: config.topics.deadLetters, logger, reader: "cli" });
  try {
    await withTransportTimeout(store.start(), KAFKA_OPERATION_TIMEOUT_MS, `reading the policy topic ${config.policyTopic}`);
  } catch (error) {
    await closeKafkaQuietly(transport);
    throw error;
  }
  return {
    routing,
    store,
    transport,
    topic: config.policyTopic,
    async publish(draft) {
      const outcome = await publishPolicyChange({ transport, topic: config.policyTopic, store, draft });
      if (outcome.kind === "conflict") {
        throw new ConfigurationError("policy", `another change took version ${outcome.event.policyVersion} first; nothing was changed: run the command again`);
      }
      if (outcome.kind === "timeout") {
        throw new TransportError(
          `the change (version ${outcome.event.policyVersion}) was published but not read back in time: check with switchyard policy history`,
          { retryable: true },
        );
      }
      return outcome;
    },
    async close() {
      await store.stop().catch(() => undefined);
      await closeKafkaQuietly(transport);
    },
  };
}
