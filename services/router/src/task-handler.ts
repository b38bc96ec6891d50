import {
  decodeEvent,
  TaskEventSchema,
  type ResultEvent,
  type TaskEvent,
  type TopicNames,
} from "@switchyard/contracts";
import type { IncomingMessage, MessageHandler, OutgoingMessage } from "@switchyard/kafka";
import {
  buildTaskRequest,
  mapAttemptToUsageEvent,
  completeWithFallback,
  createStructuredOutputValidator,
  toResultErrorType,
  type AttemptRecord,
  type ModelProvider,
  type OutputValidator,
  type PricingCatalog,
  type RateLimiter,
  type RetryPolicy,
} from "@switchyard/llm";
import { InvalidEventError } from "@switchyard/platform";
import { BASE_POLICY, fallbackChain, routeTaskWithPolicy, type PolicyRoutingDecision, type RoutingConfig, type RoutingPolicy } from "@switchyard/routing";
import { buildErrorResult, buildSuccessResult } from "./build-result-event";
import { readTaskHeader } from "./read-task-header";
import { chooseShadowCandidate } from "./choose-shadow-candidate";

export interface RoutedTask {
  task: TaskEvent;
  decision: PolicyRoutingDecision;
  /** When the task was consumed; the result's latency runs from here. */
  receivedAt: number;
  /** Checks a structured answer (and its outputSchema); absent for free-form tasks. */
  validateOutput: OutputValidator | undefined;
}

export interface TaskHandlerOptions {
  routing: RoutingConfig;
  provider: ModelProvider;
  pricing: PricingCatalog;
  retryPolicy: RetryPolicy;
  rateLimiter?: RateLimiter;
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
  /** Called for every model call (metrics). */
  onAttempt?: (attempt: AttemptRecord, task: TaskEvent) => void;
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

  return {
    name: "router",

    decode(message: IncomingMessage): RoutedTask {
      const receivedAt = now();
      const task = decodeEvent(TaskEventSchema, message.value, { maxBytes: options.maxTaskBytes });
      const decision = routeTaskWithPolicy(task, options.routing, options.policy?.() ?? BASE_POLICY);
      // Compiled here so that an outputSchema that is not a schema makes the task invalid.
      const validateOutput = decision.dimensions.outputType === "structured" ? compileValidator(task) : undefined;
      return { task, decision, receivedAt, validateOutput };
    },

    async handle(routed, context): Promise<OutgoingMessage[]> {
      const { task, decision } = routed;
      const structured = routed.validateOutput !== undefined;
      const chain = fallbackChain(options.routing, decision.tier).map((tier) => ({ tier, model: options.routing.models[tier] }));
      const outcome = await completeWithFallback({
        provider: options.provider,
        chain,
        request: buildTaskRequest(task, structured),
        retryPolicy: options.retryPolicy,
        pricing: options.pricing,
        ...(routed.validateOutput ? { validateOutput: routed.validateOutput } : {}),
        ...(options.rateLimiter ? { rateLimiter: options.rateLimiter } : {}),
        signal: context.signal,
        onAttempt: (attempt) => options.onAttempt?.(attempt, task),
      });
      const metadata = task.metadata ?? {};
      const usage = outcome.attempts.map((attempt) => ({ ...mapAttemptToUsageEvent(attempt, { id: task.id, type: task.type, metadata }), policyVersion: decision.policyVersion }));
      const base = { task, reason: decision.reason, policyVersion: decision.policyVersion, attempts: outcome.attempts, latencyMs: now() - routed.receivedAt, completedAt: new Date(now()) };
      const result: ResultEvent =
        outcome.status === "ok"
          ? buildSuccessResult({ ...base, tier: outcome.tier, model: outcome.model, text: outcome.text, json: outcome.json, fallbackFrom: outcome.fallbackFrom })
          : buildErrorResult({
              ...base,
              tier: outcome.attempts.at(-1)?.tier ?? decision.tier,
              model: outcome.attempts.at(-1)?.model ?? decision.model,
              fallbackFrom: outcome.attempts.length > 0 && outcome.attempts.at(-1)?.tier !== decision.tier ? decision.tier : null,
              errorType: toResultErrorType(outcome.error),
              message: outcome.error.message,
            });
      context.logger.info(
        { taskId: task.id, tier: result.tier, model: result.model, status: result.status, costUsd: result.costUsd, latencyMs: result.latencyMs, attempts: result.attempts },
        "task routed",
      );
      const messages: OutgoingMessage[] = usage.map((event) => ({ topic: topics.usage, key: task.id, value: JSON.stringify(event) }));
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
      messages.push({ topic: topics.results, key: task.id, value: JSON.stringify(result) });
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
      return [{ topic: topics.results, key: error.taskId, value: JSON.stringify(result) }];
    },
  };
}

function compileValidator(task: TaskEvent): OutputValidator {
  try {
    return createStructuredOutputValidator(task.outputSchema);
  } catch (error) {
    if (error instanceof InvalidEventError) throw new InvalidEventError("event_invalid", `outputSchema: ${error.message}`, { taskId: task.id, cause: error });
    throw error;
  }
}
