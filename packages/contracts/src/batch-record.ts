import { z } from "zod";

/** Where a task of a batch came from, so that its offset can be recognised and committed later. */
export const BatchTaskSchema = z.object({
  taskId: z.string().min(1).max(200),
  customId: z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/),
  topic: z.string().min(1),
  partition: z.number().int().min(0),
  offset: z.string().regex(/^\d{1,20}$/),
});
export type BatchTask = z.infer<typeof BatchTaskSchema>;

/**
 * A record of the compacted batches topic, keyed by batch id: a Message
 * Batch the router created and the tasks it holds ("in_flight"), until every
 * one of those tasks has its result published and its offset committed
 * ("done", the last record kept for the key). A restarted router, or the one
 * that takes a partition over, reads these and resumes polling the batch
 * instead of submitting its tasks again.
 */
export const BatchRecordSchema = z.object({
  version: z.literal(1),
  batchId: z.string().min(1).max(200),
  state: z.enum(["in_flight", "done"]),
  model: z.string().min(1).max(200),
  tier: z.enum(["fast", "standard", "powerful"]),
  createdAt: z.iso.datetime({ offset: true }),
  tasks: z.array(BatchTaskSchema),
});
export type BatchRecord = z.infer<typeof BatchRecordSchema>;
