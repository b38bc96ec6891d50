import type { Transport } from "@switchyard/kafka";
import type { Logger } from "@switchyard/platform";
import type { RoutingConfig } from "@switchyard/routing";
import type { PolicyStore } from "../store/policy-store";
import { publishPolicyChange, type PublishOutcome } from "../store/publish-policy-change";
import { buildPolicyAlert } from "./build-policy-alert";
import { decidePolicyMoves, type PolicyMove, type ReadEvidence } from "./decide-policy-moves";

export interface PolicyControllerOptions {
  transport: Transport;
  policyTopic: string;
  alertsTopic: string;
  /** A started store on the policy topic. */
  store: PolicyStore;
  routing: RoutingConfig;
  readEvidence: ReadEvidence;
  logger: Logger;
  now?: () => Date;
}

export interface PolicyController {
  /** One pass: decides on the evidence and publishes each move (and its alert). */
  check(): Promise<Array<{ move: PolicyMove; outcome: PublishOutcome }>>;
  /** Checks every `policy.checkIntervalSeconds` until stopped. */
  start(): void;
  stop(): Promise<void>;
}

/**
 * The controller (routing config `policy.autoApply`): moves task types down a
 * tier on shadow evidence and back on guard evidence, and says so on the
 * alerts topic. Several may run at once: the same decision has the same change
 * id, and the policy store applies a change id once.
 */
export function createPolicyController(options: PolicyControllerOptions): PolicyController {
  const logger = options.logger.child({ component: "policy-controller" });
  const now = options.now ?? (() => new Date());
  const settings = options.routing.policy;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<unknown> | null = null;

  const check = async () => {
    const decisions = await decidePolicyMoves({
      policy: options.store.current(),
      history: options.store.history(),
      routing: options.routing,
      settings,
      readEvidence: options.readEvidence,
      now: now(),
    });
    const published: Array<{ move: PolicyMove; outcome: PublishOutcome }> = [];
    // One change per pass: the next one is judged on the policy this one makes.
    const move = decisions.moves[0];
    if (!move) return published;
    const outcome = await publishPolicyChange({ transport: options.transport, topic: options.policyTopic, store: options.store, draft: move.draft, now });
    published.push({ move, outcome });
    logger.info(
      { taskType: move.taskType, kind: move.kind, from: move.fromTier, to: move.toTier, outcome: outcome.kind, policyVersion: outcome.event.policyVersion },
      "policy move",
    );
    if (outcome.kind === "applied") {
      const alert = buildPolicyAlert(outcome.event, move.kind === "move_back" ? "policy_rollback" : "policy_move_down");
      await options.transport.publish([{ topic: options.alertsTopic, key: move.taskType, value: JSON.stringify(alert) }]);
    }
    return published;
  };

  const tick = () => {
    if (running) return;
    running = check()
      .catch((error: unknown) => logger.warn({ err: error }, "policy controller pass failed; trying again at the next one"))
      .finally(() => {
        running = null;
      });
  };

  return {
    check,
    start() {
      if (timer) return;
      timer = setInterval(tick, settings.checkIntervalSeconds * 1000);
      tick();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = null;
      await running;
    },
  };
}
