import type { ClickHouseStore } from "@switchyard/clickhouse";
import type { TopicNames } from "@switchyard/contracts";
import type { Transport } from "@switchyard/kafka";
import { createPolicyController, createPolicyStore, createShadowEvidenceReader, type PolicyController, type PolicyStore } from "@switchyard/policy";
import type { Logger } from "@switchyard/platform";
import type { RoutingConfig } from "@switchyard/routing";

export interface PolicyFollowing {
  /** The policy the router follows. */
  store: PolicyStore;
  /** Present when the routing config's policy.autoApply is on (started). */
  controller: PolicyController | null;
  stop(): Promise<void>;
}

/** The pipeline's live policy: the router's store on the policy topic and, with autoApply, the controller. */
export async function startPolicyFollowing(options: {
  transport: Transport;
  store: ClickHouseStore;
  routing: RoutingConfig;
  policyTopic: string;
  topics: TopicNames;
  logger: Logger;
}): Promise<PolicyFollowing> {
  const store = createPolicyStore({
    transport: options.transport,
    topic: options.policyTopic,
    routing: options.routing,
    deadLetterTopic: options.topics.deadLetters,
    logger: options.logger,
    reader: "router",
  });
  await store.start();
  const controller = options.routing.policy.autoApply
    ? createPolicyController({
        transport: options.transport,
        policyTopic: options.policyTopic,
        alertsTopic: options.topics.alerts,
        store,
        routing: options.routing,
        readEvidence: createShadowEvidenceReader(options.store),
        logger: options.logger,
      })
    : null;
  controller?.start();
  return {
    store,
    controller,
    async stop() {
      await controller?.stop();
      await store.stop();
    },
  };
}
