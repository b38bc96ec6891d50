import type { ClickHouseStore } from "@switchyard/clickhouse";
import type { Transport } from "@switchyard/kafka";
import { createPolicyController, createPolicyStore, createShadowEvidenceReader } from "@switchyard/policy";
import type { Logger } from "@switchyard/platform";
import type { RoutingConfig } from "@switchyard/routing";

export interface PolicyControl {
  stop(): Promise<void>;
}

/**
 * The policy controller beside the sink (it reads the shadow evidence the
 * sink stores), when the routing config's `policy.autoApply` is on. Safe to
 * run in every sink instance: the same decision is applied once.
 */
export async function startPolicyControl(options: {
  transport: Transport;
  store: ClickHouseStore;
  routing: RoutingConfig;
  policyTopic: string;
  alertsTopic: string;
  deadLetterTopic: string;
  logger: Logger;
}): Promise<PolicyControl> {
  const policyStore = createPolicyStore({
    transport: options.transport,
    topic: options.policyTopic,
    routing: options.routing,
    deadLetterTopic: options.deadLetterTopic,
    logger: options.logger,
    reader: "policy-controller",
  });
  await policyStore.start();
  const controller = createPolicyController({
    transport: options.transport,
    policyTopic: options.policyTopic,
    alertsTopic: options.alertsTopic,
    store: policyStore,
    routing: options.routing,
    readEvidence: createShadowEvidenceReader(options.store),
    logger: options.logger,
  });
  controller.start();
  return {
    async stop() {
      await controller.stop();
      await policyStore.stop();
    },
  };
}
