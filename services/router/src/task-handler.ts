import { decodeEvent, TaskEventSchema, type ResultEvent, type TaskEvent, type TopicNames } from "@switchyard/contracts";
import type { IncomingMessage, MessageHandler, OutgoingMessage } from "@switchyard/kafka";
import {
  buildTaskRequest,
  mapAttemptToUsageEvent,
  completeWithFallback,
  DEFAULT_PROVIDER_NAME,
  createStructuredOutputValidator,
  toResultErrorType,
  type AttemptRecord,
  type ModelProvider,
  type OutputValidator,
  type PricingCatalog,
  type RateLimiter,
  type RetryPolicy,
} from "@switchyard/llm";
import { InvalidEventError } from "@switchyard/contracts";
import type { Logger } from "@switchyard/platform";
import {
  BASE_POLICY,
  chooseLane,
  fallbackChain,
  routeTaskWithPolicy,
  type LaneDecision,
  type PolicyRoutingDecision,
  type RoutingConfig,
  type RoutingDecision,
  type RoutingPolicy,
} from "@switchyard/routing";
import { boundResultEvent, DEFAULT_MAX_RESULT_BYTES } from "./bound-result-event";
import type { BudgetGate } from "./budget-gate";
import type { BatchLane } from "./batch-lane/batch-lane";
import { completeInBatchLane } from "./batch-lane/complete-in-batch-lane";
import { buildErrorResult, buildSuccessResult } from "./build-result-event";
import { decodeRoutedTask } from "./decode-routed-task";
import { readTaskHeader } from "./read-task-header";
import { chooseShadowCandidate } from "./choose-shadow-candidate";

export interface RoutedTask {
  task: TaskEvent;
  decision: PolicyRoutingDecision;
  /** When the task was consumed; the result's latency runs from here. */
  receivedAt: number;
  /** Checks a structured answer (and its outputSchema); absent for free-form tasks. */
  validateOutput: OutputValidator | undefined;
  /** Sync or batch, by the task's deadline (or its type's default). */
  lane: LaneDecision;
}

export interface TaskHandlerOptions {
  routing: RoutingConfig;
  provider: ModelProvider;
  pricing: PricingCatalog;
  retryPolicy: RetryPolicy;
  rateLimiter?: RateLimiter;
  /** Tasks whose deadline allows go through Message Batches; without it every task is sync. */
  batchLane?: BatchLane;
  topics: TopicNames;
  maxTaskBytes: number;
  /**
   * The largest shadow candidate (the task and its answer) to publish; a bigger
   * one would be refused by the broker, so that task is not shadowed.
   * Default DEFAULT_MAX_CANDIDATE_BYTES.
   */
  maxCandidateBytes?: number;
  /** The live policy in force (read at decode: a change never affects a task already decoded). Default: the base config alone. */
  policy?: () => RoutingPolicy;
  /** The largest result to publish; a bigger one becomes an error result saying so. Default DEFAULT_MAX_RESULT_BYTES. */
  maxResultBytes?: number;
  /** Called for every model call (metrics). */
  onAttempt?: (attempt: AttemptRecord, task: TaskEvent) => void;
  /** Called with the top-level fields of a valid task that the contract does not know. */
  onUnknownFields?: (fields: readonly string[]) => void;
  /** Budgets: may reject, downgrade or defer a task before any model call. */
  budgetGate?: BudgetGate;
  /**
   * The router's logger, asked whether it logs at info before each task's "task routed" line is
   * built: the line needs the message's child logger, a cost per task when nothing is written.
   */
  logger?: Logger;
  now?: () => number;
}

/**
 * Kafka's default message.max.bytes is 1,048,588 per record batch; this leaves
 * room for the batch's own overhead and headers.
 */
export const DEFAULT_MAX_CANDIDATE_BYTES = 1_000_000;

/**
 * The router, free of any transport: a task in, the messages to publish out
 * (one result, one usage event per model call, and a shadow candidate when
 * the task is sampled). The consumer loop publishes them and then commits.
 */
export function createTaskHandler(options: TaskHandlerOptions): MessageHandler<RoutedTask> {
  const now = options.now ?? Date.now;
  const { topics } = options;
  const maxCandidateBytes = options.maxCandidateBytes ?? DEFAULT_MAX_CANDIDATE_BYTES;
  const maxResultBytes = options.maxResultBytes ?? DEFAULT_MAX_RESULT_BYTES;

  return {
    name: "router",

    decode(message: IncomingMessage): RoutedTask {
      const receivedAt = now();
      const task = decodeEvent(TaskEventSchema, message.value, {
        maxBytes: options.maxTaskBytes,
        ...(options.onUnknownFields ? { onUnknownFields: options.onUnknownFields } : {}),
      });
      // Anything that fails past this point fails for this task: it gets an invalid_task result.
      return decodeRoutedTask(task, () => {
        const decision = routeTaskWithPolicy(task, options.routing, options.policy?.() ?? BASE_POLICY);
        // Compiled here so that an outputSchema that is not a schema makes the task invalid.
        const validateOutput = decision.dimensions.outputType === "structured" ? compileValidator(task) : undefined;
        const lane = chooseLane(task, options.routing, receivedAt, Number(message.timestamp));
        // A task a recorded batch holds is resumed even when its deadline passed meanwhile.
        if (lane.invalidReason !== null && !options.batchLane?.holds(task.id))
          throw new InvalidEventError("event_invalid", lane.invalidReason, { taskId: task.id });
        return { task, decision, receivedAt, validateOutput, lane };
      });
    },

    async handle(routed, context): Promise<OutgoingMessage[]> {
      const { task } = routed;
      const admission = options.budgetGate ? await options.budgetGate.admit(task, routed.decision, context, routed.receivedAt) : null;
      if (admission && admission.kind !== "proceed") return admission.messages;
      const decision = admission ? admission.decision : routed.decision;
      const structured = routed.validateOutput !== undefined;
      const chain = fallbackChain(options.routing, decision.tier).map((tier) => ({ tier, model: options.routing.models[tier] }));
      const metadata = task.metadata ?? {};
      const toUsageEvent = (attempt: AttemptRecord) => ({
        ...mapAttemptToUsageEvent(attempt, { id: task.id, type: task.type, metadata }),
        policyVersion: decision.policyVersion,
      });
      const usageMessages = (events: readonly ReturnType<typeof toUsageEvent>[]): OutgoingMessage[] =>
        events.map((event) => ({ topic: topics.usage, key: task.id, value: JSON.stringify(event), ledger: true }));
      const made: AttemptRecord[] = [];
      const caching = options.routing.caching;
      const cache = { ttl: caching.enabled ? (task.cache ?? caching.defaultTtl) : "off", minimumTokens: caching.minimumTokens } as const;
      const sync = {
        provider: options.provider,
        chain,
        request: buildTaskRequest(task, structured),
        retryPolicy: options.retryPolicy,
        pricing: options.pricing,
        cache,
        ...(routed.validateOutput ? { validateOutput: routed.validateOutput } : {}),
        ...(options.rateLimiter ? { rateLimiter: options.rateLimiter } : {}),
        signal: context.signal,
        onAttempt: (attempt: AttemptRecord) => {
          made.push(attempt);
          options.onAttempt?.(attempt, task);
        },
      };
      const complete = () =>
        routed.lane.lane === "batch" && options.batchLane && hasBatchApi(options.routing, decision.tier)
          ? completeInBatchLane({
              lane: options.batchLane,
              taskId: task.id,
              sync,
              cache,
              deadlineAt: routed.lane.deadlineAt,
              position: context.message,
              signal: context.signal,
              park: () => context.park?.(),
              now,
            })
          : completeWithFallback(sync);
      const outcome = await complete().catch((error: unknown) => {
        if (context.signal.aborted) return null;
        // Calls made before the failure may still be billed; no usage event will carry them to the store.
        admission?.settle(made.map((attempt) => ({ costUsd: attempt.costUsd, eventId: null })));
        throw error;
      });
      if (outcome === null) {
        // Abandoned (revoke or shutdown): the calls made so far go on the ledger and count against the budget, under these ids.
        const abandoned = made.map(toUsageEvent);
        admission?.settle(abandoned);
        return usageMessages(abandoned);
      }
      const usage = outcome.attempts.map(toUsageEvent);
      admission?.settle(usage);
      const base = {
        task,
        reason: decision.reason,
        policyVersion: decision.policyVersion,
        attempts: outcome.attempts,
        latencyMs: now() - routed.receivedAt,
        completedAt: new Date(now()),
      };
      const result: ResultEvent =
        outcome.status === "ok"
          ? buildSuccessResult({
              ...base,
              tier: outcome.tier,
              model: outcome.model,
              text: outcome.text,
              json: outcome.json,
              fallbackFrom: outcome.fallbackFrom,
            })
          : buildErrorResult({
              ...base,
              tier: outcome.attempts.at(-1)?.tier ?? decision.tier,
              model: outcome.attempts.at(-1)?.model ?? decision.model,
              fallbackFrom: outcome.attempts.length > 0 && outcome.attempts.at(-1)?.tier !== decision.tier ? decision.tier : null,
              errorType: toResultErrorType(outcome.error),
              message: outcome.error.message,
            });
      if (options.logger?.isLevelEnabled("info") !== false)
        context.logger.info(
          {
            taskId: task.id,
            tier: result.tier,
            model: result.model,
            status: result.status,
            costUsd: result.costUsd,
            latencyMs: result.latencyMs,
            attempts: result.attempts,
          },
          "task routed",
        );
      const messages = usageMessages(usage);
      const candidate = chooseShadowCandidate(task, result, decision, options.routing);
      if (candidate) {
        // An optional extra must never cost the task its result: a candidate the
        // broker would refuse fails the whole publish, so it is left out.
        const value = JSON.stringify(candidate);
        const candidateBytes = Buffer.byteLength(value);
        if (candidateBytes <= maxCandidateBytes) messages.push({ topic: topics.shadowCandidates, key: task.id, value });
        else context.logger.warn({ taskId: task.id, candidateBytes, maxCandidateBytes }, "shadow candidate too large to publish: this task is not shadowed");
      }
      // The result goes last in the batch: once a caller sees it, the usage is already on its way.
      const bounded = boundResultEvent(result, maxResultBytes);
      if (bounded.cut)
        context.logger.warn({ taskId: task.id, resultBytes: bounded.bytes, maxResultBytes }, "result too large to publish: an error result says so");
      messages.push({ topic: topics.results, key: task.id, value: bounded.value });
      return messages;
    },

    taskIdOf(routed) {
      return routed.task.id;
    },

    onInvalid(error: InvalidEventError, message: IncomingMessage): OutgoingMessage[] {
      if (error.taskId === undefined) return [];
      const header = readTaskHeader(message.value);
      const result = buildErrorResult({
        task: { id: error.taskId, type: header.type, metadata: header.metadata },
        reason: "not routed: the task is invalid",
        attempts: [],
        latencyMs: 0,
        completedAt: new Date(now()),
        tier: null,
        model: null,
        fallbackFrom: null,
        errorType: "invalid_task",
        message: error.message,
      });
      return [{ topic: topics.results, key: error.taskId, value: boundResultEvent(result, maxResultBytes).value }];
    },
  };
}

/** The batch lane speaks Anthropic's Message Batches: a tier served by another provider stays sync. */
function hasBatchApi(routing: RoutingConfig, tier: RoutingDecision["tier"]): boolean {
  return (routing.providers[tier] ?? DEFAULT_PROVIDER_NAME) === DEFAULT_PROVIDER_NAME;
}

function compileValidator(task: TaskEvent): OutputValidator {
  try {
    return createStructuredOutputValidator(task.outputSchema);
  } catch (error) {
    if (error instanceof InvalidEventError) throw new InvalidEventError("event_invalid", `outputSchema: ${error.message}`, { taskId: task.id, cause: error });
    throw error;
  }
}
