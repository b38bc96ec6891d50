import { decodeEvent, ShadowCandidateEventSchema, type ShadowCandidateEvent, type ShadowEvent, type TaskEvent, type TopicNames } from "@switchyard/contracts";
import type { MessageHandler, OutgoingMessage } from "@switchyard/kafka";
import {
  buildTaskRequest,
  mapAttemptToUsageEvent,
  sumAttemptCost,
  completeWithFallback,
  createStructuredOutputValidator,
  type AttemptRecord,
  type ModelProvider,
  type PricingCatalog,
  type RetryPolicy,
} from "@switchyard/llm";
import { ConfigurationError, type Logger } from "@switchyard/platform";
import type { PolicyStore } from "@switchyard/policy";
import { resolveDimensions, type RoutingConfig, type RoutingPolicy } from "@switchyard/routing";
import { buildShadowEvent } from "./build-shadow-event";
import { chooseEvaluatorName, createEvaluatorRegistry, type EvaluatorRegistry } from "./evaluators/evaluator-registry";
import { planComparison } from "./plan-comparison";
import { SHADOW_DEFAULTS } from "./shadow-defaults";

export interface ShadowHandlerOptions {
  routing: RoutingConfig;
  provider: ModelProvider;
  pricing: PricingCatalog;
  retryPolicy: RetryPolicy;
  topics: TopicNames;
  maxEventBytes: number;
  /** Evaluators by name; the built-in ones by default. */
  evaluators?: EvaluatorRegistry;
  onAttempt?: (attempt: AttemptRecord, task: TaskEvent) => void;
  /** Called with each comparison published (metrics). */
  onComparison?: (event: ShadowEvent) => void;
  now?: () => number;
  /** The live policy this instance follows (a started policy store); without it, the guard the router recorded in each candidate. */
  policy?: Pick<PolicyStore, "current" | "waitFor">;
  /** How long a candidate routed under a newer policy than this instance has read waits for it. Default 5 s. */
  policyCatchUpMs?: number;
}

/**
 * The shadow consumer, free of any transport: a sampled task with its
 * original answer in; the cheaper tier's re-run, the judgement, and their
 * usage events out.
 */
export function createShadowHandler(options: ShadowHandlerOptions): MessageHandler<ShadowCandidateEvent> {
  const now = options.now ?? Date.now;
  const { routing, topics } = options;
  const evaluators = options.evaluators ?? createEvaluatorRegistry();
  const catchUpMs = options.policyCatchUpMs ?? SHADOW_DEFAULTS.policyCatchUpMs;

  /** The policy in force here, once it has caught up with the one that routed the candidate. */
  const policyFor = async (candidate: ShadowCandidateEvent, logger: Logger): Promise<RoutingPolicy | undefined> => {
    const policy = options.policy;
    if (!policy) return undefined;
    const routedUnder = candidate.result.routing.policyVersion ?? 0;
    if (policy.current().version >= routedUnder) return policy.current();
    if (!(await policy.waitFor(() => policy.current().version >= routedUnder, catchUpMs)))
      logger.warn(
        { taskId: candidate.task.id, routedUnder, policyVersion: policy.current().version },
        "the policy topic here is behind the policy that routed this task; comparing on the policy in force here",
      );
    return policy.current();
  };

  return {
    name: "shadow",

    decode(message) {
      return decodeEvent(ShadowCandidateEventSchema, message.value, { maxBytes: options.maxEventBytes });
    },

    taskIdOf(candidate) {
      return candidate.task.id;
    },

    async handle(candidate, context): Promise<OutgoingMessage[]> {
      const { task, result } = candidate;
      const plan = planComparison(candidate, routing, await policyFor(candidate, context.logger));
      if (plan === null || result.tier === null || result.model === null) return [];
      const shadowTier = plan.rerunTier;
      const shadowModel = routing.models[shadowTier];
      const structured = result.json !== undefined || resolveDimensions(task, routing).outputType === "structured";
      const metadata = task.metadata ?? {};
      const usageMessages = (attempts: readonly AttemptRecord[]): OutgoingMessage[] =>
        attempts.map((attempt) => ({
          topic: topics.usage,
          key: task.id,
          value: JSON.stringify(withPolicyVersion(mapAttemptToUsageEvent(attempt, { id: task.id, type: task.type, metadata }), result.routing.policyVersion)),
          ledger: true,
        }));
      // Every call made, for the ledger when the work is abandoned (revoke or shutdown).
      const made: AttemptRecord[] = [];
      const abandoned = (error: unknown): null => {
        if (context.signal.aborted) return null;
        throw error;
      };
      const rerun = await completeWithFallback({
        provider: options.provider,
        chain: [{ tier: shadowTier, model: shadowModel }],
        role: "shadow",
        request: buildTaskRequest(task, structured),
        retryPolicy: options.retryPolicy,
        pricing: options.pricing,
        ...(structured ? { validateOutput: createStructuredOutputValidator(task.outputSchema) } : {}),
        signal: context.signal,
        onAttempt: (attempt) => {
          made.push(attempt);
          options.onAttempt?.(attempt, task);
        },
      }).catch(abandoned);
      if (rerun === null) return usageMessages(made);
      const attempts = [...rerun.attempts];
      const comparison = {
        taskId: task.id,
        type: task.type,
        originalTier: result.tier,
        originalModel: result.model,
        shadowTier,
        shadowModel,
        originalCostUsd: result.costUsd,
        shadowCostUsd: sumAttemptCost(rerun.attempts),
        originalOutput: result.text ?? "",
        metadata: task.metadata ?? {},
        ts: new Date(now()),
        phase: plan.phase,
        policyVersion: result.routing.policyVersion,
      };
      let shadowEvent;
      if (rerun.status === "ok") {
        const evaluatorName = chooseEvaluatorName(routing, task.type, structured);
        const evaluator = evaluators.get(evaluatorName);
        if (!evaluator) throw new ConfigurationError(`taskTypes.${task.type}.evaluator`, `no evaluator named "${evaluatorName}"`);
        const evaluation = await evaluator
          .evaluate({
            routing,
            task,
            ...orderForEvaluation(plan.reference, { text: result.text ?? "", json: result.json }, { text: rerun.text, json: rerun.json }),
            judge: {
              provider: options.provider,
              pricing: options.pricing,
              retryPolicy: options.retryPolicy,
              signal: context.signal,
              onAttempt: (attempt) => made.push(attempt),
            },
          })
          .catch(abandoned);
        if (evaluation === null) return usageMessages(made);
        for (const attempt of evaluation.judgeAttempts) options.onAttempt?.(attempt, task);
        attempts.push(...evaluation.judgeAttempts);
        shadowEvent = buildShadowEvent(
          {
            ...comparison,
            evaluator: evaluation.evaluator,
            score: evaluation.score,
            verdict: evaluation.agree ? "agree" : "disagree",
            evaluationCostUsd: sumAttemptCost(evaluation.judgeAttempts),
            shadowOutput: rerun.text,
          },
          routing.shadow.storeOutputs,
        );
      } else {
        shadowEvent = buildShadowEvent(
          { ...comparison, evaluator: "none", score: 0, verdict: "shadow_failed", evaluationCostUsd: 0, shadowOutput: "" },
          routing.shadow.storeOutputs,
        );
      }
      context.logger.info(
        { taskId: task.id, type: task.type, originalTier: result.tier, shadowTier, verdict: shadowEvent.verdict, score: shadowEvent.score },
        "shadow comparison",
      );
      options.onComparison?.(shadowEvent);
      const messages = usageMessages(attempts);
      messages.push({ topic: topics.shadow, key: task.id, value: JSON.stringify(shadowEvent) });
      return messages;
    },
  };
}

/** The evaluators take `original` as the reference answer. */
function orderForEvaluation<Answer>(reference: "original" | "rerun", original: Answer, rerun: Answer): { original: Answer; shadow: Answer } {
  return reference === "original" ? { original, shadow: rerun } : { original: rerun, shadow: original };
}

/** Shadow and judge calls carry the policy version that routed the original, when it said. */
function withPolicyVersion<Event extends object>(event: Event, policyVersion: number | undefined): Event {
  return policyVersion === undefined ? event : { ...event, policyVersion };
}
