import { PolicyChangeEventSchema, type PolicyChangeEvent, type PolicyChangeEventInput } from "@switchyard/contracts";
import type { Transport } from "@switchyard/kafka";
import type { PolicyStore } from "./policy-store";

/** A change without the fields the publisher fills in. */
export type PolicyChangeDraft = Omit<PolicyChangeEventInput, "version" | "policyVersion" | "createdAt"> & { createdAt?: string };

export interface PublishPolicyChangeOptions {
  transport: Transport;
  topic: string;
  /** A started store on the same topic: it numbers the change and confirms it. */
  store: PolicyStore;
  draft: PolicyChangeDraft;
  /** How long to wait for the change to come back from the topic. Default 10 s. */
  timeoutMs?: number;
  now?: () => Date;
}

export type PublishOutcome =
  /** In force (by this publish, or already by an identical one). */
  | { kind: "applied"; event: PolicyChangeEvent }
  /** Another change took this version first; nothing of ours is in force. Publish again on the new policy. */
  | { kind: "conflict"; event: PolicyChangeEvent }
  | { kind: "timeout"; event: PolicyChangeEvent };

/**
 * Publishes a change as the next version of the policy the store holds, keyed
 * by its task type, and waits until the store has read it back: applied, or
 * beaten by another writer's change for the same version.
 */
export async function publishPolicyChange(options: PublishPolicyChangeOptions): Promise<PublishOutcome> {
  const now = options.now ?? (() => new Date());
  const event = PolicyChangeEventSchema.parse({
    ...options.draft,
    version: 1,
    policyVersion: options.store.current().version + 1,
    createdAt: options.draft.createdAt ?? now().toISOString(),
  });
  if (options.store.isApplied(event.changeId)) return { kind: "applied", event };
  await options.transport.publish([{ topic: options.topic, key: event.taskType, value: JSON.stringify(event) }]);
  const settled = await options.store.waitFor(
    () => options.store.isApplied(event.changeId) || options.store.current().version >= event.policyVersion,
    options.timeoutMs ?? 10_000,
  );
  if (!settled) return { kind: "timeout", event };
  return options.store.isApplied(event.changeId) ? { kind: "applied", event } : { kind: "conflict", event };
}
