import { decodeEvent, PolicyChangeEventSchema, type PolicyChangeEvent } from "@switchyard/contracts";
import { buildDeadLetter, type IncomingMessage, type Subscription, type Transport } from "@switchyard/kafka";
import { type Logger } from "@switchyard/platform";
import { InvalidEventError } from "@switchyard/contracts";
import type { RoutingConfig, RoutingPolicy } from "@switchyard/routing";
import { applyPolicyChange, EMPTY_POLICY_STATE, type PolicyChangeOutcome, type PolicyState } from "./apply-policy-change";

export interface PolicyStoreOptions {
  transport: Transport;
  /** The compacted policy topic (default llm.policy). */
  topic: string;
  routing: RoutingConfig;
  deadLetterTopic: string;
  logger: Logger;
  /** Names this reader in dead-letter headers, e.g. "router". */
  reader: string;
  /** Largest accepted change event. Default 64 KiB. */
  maxEventBytes?: number;
}

export interface PolicyStore {
  /** Reads the topic from the beginning to its end, then follows it live. Resolves once caught up. */
  start(): Promise<void>;
  /** The policy in force now (an immutable snapshot). */
  current(): RoutingPolicy;
  /** The applied changes still in the topic, oldest first. */
  history(): readonly PolicyChangeEvent[];
  isApplied(changeId: string): boolean;
  /** Called after every applied change. Returns the unsubscribe function. */
  onChange(listener: (policy: RoutingPolicy, change: PolicyChangeEvent) => void): () => void;
  /** Resolves true once `predicate` holds (checked now and after every change), false after `timeoutMs`. */
  waitFor(predicate: () => boolean, timeoutMs: number): Promise<boolean>;
  stop(): Promise<void>;
}

/** Kafka topic settings of the policy topic: one partition (one order for every reader), compacted by task type. */
export const POLICY_TOPIC_CONFIG = { "cleanup.policy": "compact" } as const;
const DEFAULT_MAX_EVENT_BYTES = 64 * 1024;

/**
 * The live policy of one process. Every router and shadow instance reads the
 * whole topic at start (so a restarted instance comes back with the latest
 * policy) and then follows it. A change that cannot be decoded is ignored
 * with a warning (the policy in force stays); one that arrives live is also
 * dead-lettered with its reason. Changes read while catching up are not
 * dead-lettered again: they were when they arrived.
 */
export function createPolicyStore(options: PolicyStoreOptions): PolicyStore {
  const logger = options.logger.child({ component: "policy-store", topic: options.topic });
  const maxBytes = options.maxEventBytes ?? DEFAULT_MAX_EVENT_BYTES;
  const isKnownType = (type: string) => Object.hasOwn(options.routing.taskTypes, type);
  const listeners = new Set<(policy: RoutingPolicy, change: PolicyChangeEvent) => void>();
  const waiters = new Set<() => void>();
  let state: PolicyState = EMPTY_POLICY_STATE;
  let subscription: Subscription | null = null;

  const read = async (message: IncomingMessage, live: boolean): Promise<void> => {
    let change: PolicyChangeEvent;
    try {
      change = decodeEvent(PolicyChangeEventSchema, message.value, { maxBytes });
    } catch (error) {
      if (!(error instanceof InvalidEventError)) throw error;
      logger.warn({ offset: message.offset, err: error }, "policy change ignored: it cannot be decoded; the policy in force stays");
      if (live) await deadLetter(message, error);
      return;
    }
    const result = applyPolicyChange(state, change, isKnownType);
    state = result.state;
    report(change, result.outcome);
    if (result.outcome.kind === "applied") for (const listener of listeners) listener(state.policy, change);
    for (const waiter of [...waiters]) waiter();
  };

  const report = (change: PolicyChangeEvent, outcome: PolicyChangeOutcome): void => {
    const fields = { policyVersion: change.policyVersion, taskType: change.taskType, changeId: change.changeId, author: change.author };
    if (outcome.kind === "applied") logger.info({ ...fields, tier: change.override?.tier ?? null }, "policy change applied");
    else if (outcome.kind === "stale")
      logger.warn({ ...fields, current: outcome.current }, "policy change ignored: its version is not above the policy in force");
    else if (outcome.kind === "unknown_type") logger.warn(fields, "policy change ignored: unknown task type");
    else logger.debug(fields, "policy change already applied");
  };

  const deadLetter = async (message: IncomingMessage, error: unknown): Promise<void> => {
    const letter = buildDeadLetter({
      message,
      error,
      deadLetterTopic: options.deadLetterTopic,
      consumerGroup: `policy-store:${options.reader}`,
      failedAt: new Date(),
    });
    await options.transport.publish([letter]).catch((publishError: unknown) => logger.error({ err: publishError }, "could not dead-letter a policy change"));
  };

  return {
    async start() {
      await options.transport.ensureTopics([options.topic], 1, { ...POLICY_TOPIC_CONFIG });
      const existing = await options.transport.readTopic(options.topic);
      const ends = new Map<number, bigint>();
      for (const message of existing) {
        await read(message, false);
        ends.set(message.partition, BigInt(message.offset) + 1n);
      }
      subscription = await options.transport.subscribe({
        topics: [options.topic],
        fromBeginning: true,
        onMessage: async (message) => {
          if (BigInt(message.offset) < (ends.get(message.partition) ?? 0n)) return;
          await read(message, true);
        },
        onError: (error, message) => logger.error({ err: error, offset: message.offset }, "policy change could not be read"),
      });
      logger.info({ policyVersion: state.policy.version, overrides: Object.keys(state.policy.entries).length }, "policy loaded");
    },
    current: () => state.policy,
    history: () => state.history,
    isApplied: (changeId) => state.appliedChangeIds.has(changeId),
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    waitFor(predicate, timeoutMs) {
      if (predicate()) return Promise.resolve(true);
      return new Promise((resolve) => {
        const check = () => {
          if (!predicate()) return;
          finish(true);
        };
        const finish = (value: boolean) => {
          clearTimeout(timer);
          waiters.delete(check);
          resolve(value);
        };
        const timer = setTimeout(() => finish(false), timeoutMs);
        waiters.add(check);
      });
    },
    async stop() {
      await subscription?.stop();
      subscription = null;
    },
  };
}
