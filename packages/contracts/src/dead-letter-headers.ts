import { z } from "zod";

/** Header names on a dead letter; the value is the original message's bytes. */
export const DEAD_LETTER_HEADERS = {
  errorClass: "x-switchyard-error-class",
  errorCode: "x-switchyard-error-code",
  reason: "x-switchyard-error-reason",
  sourceTopic: "x-switchyard-source-topic",
  sourcePartition: "x-switchyard-source-partition",
  sourceOffset: "x-switchyard-source-offset",
  consumerGroup: "x-switchyard-consumer-group",
  failedAt: "x-switchyard-failed-at",
  taskId: "x-switchyard-task-id",
} as const;

export const DeadLetterHeadersSchema = z.object({
  [DEAD_LETTER_HEADERS.errorClass]: z.string().min(1),
  [DEAD_LETTER_HEADERS.errorCode]: z.string().min(1),
  [DEAD_LETTER_HEADERS.reason]: z.string(),
  [DEAD_LETTER_HEADERS.sourceTopic]: z.string().min(1),
  [DEAD_LETTER_HEADERS.sourcePartition]: z.string().regex(/^\d+$/),
  [DEAD_LETTER_HEADERS.sourceOffset]: z.string().regex(/^\d+$/),
  [DEAD_LETTER_HEADERS.consumerGroup]: z.string().min(1),
  [DEAD_LETTER_HEADERS.failedAt]: z.iso.datetime({ offset: true }),
  [DEAD_LETTER_HEADERS.taskId]: z.string().optional(),
});
export type DeadLetterHeaders = z.infer<typeof DeadLetterHeadersSchema>;
