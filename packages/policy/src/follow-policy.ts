import type { ClickHouseStore } from "@switchyard/clickhouse";
import type { Transport } from "@switchyard/kafka";
import type { Logger } from "@switchyard/platform";
import type { RoutingConfig } from "@switchyard/routing";
import { createShadowEvidenceReader } from "./controller/read-shadow-evidence";
import { createPolicyController, type PolicyController } from "./controller/start-policy-controller";
import { createPolicyStore, type PolicyStore } from "./store/policy-store";

export interface FollowPolicyOptions {
  transport: Transport;
  /** The compacted policy topic. */
  policyTopic: string;
  routing: RoutingConfig;
  deadLetterTopic: string;
  logger: Logger;
  /** Names this reader in dead-letter headers, e.g. "router". */
  reader: string;
  /**
   * Where the controller reads the shadow evidence and publishes its alerts.
   * Given, and with the routing config's `policy.autoApply` on, the controller
   * runs beside the store.
   */
  control?: { evidenceStore: ClickHouseStore; alertsTopic: string };
}

export interface PolicyFollowing {
  /** The live policy, caught up with the topic. */
  store: PolicyStore;
  /** Started when `control` is given and `policy.autoApply` is on. */
  controller: PolicyController | null;
  stop(): Promise<void>;
}

/** Follows the policy topic (caught up before it resolves) and, when asked, runs the controller on it. */
export async function followPolicy(options: FollowPolicyOptions): Promise<PolicyFollowing> {
  const store = createPolicyStore({
    transport: options.transport,
    topic: options.policyTopic,
    routing: options.routing,
    deadLetterTopic: options.deadLetterTopic,
    logger: options.logger,
    reader: options.reader,
  });
  await store.start();
  const control = options.routing.policy.autoApply ? options.control : undefined;
  const controller = control
    ? createPolicyController({
        transport: options.transport,
        policyTopic: options.policyTopic,
        alertsTopic: control.alertsTopic,
        store,
        routing: options.routing,
        readEvidence: createShadowEvidenceReader(control.evidenceStore),
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
