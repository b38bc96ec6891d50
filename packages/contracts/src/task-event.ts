import { z } from "zod";
import { DeadlineSchema } from "./deadline";
import { AccuracySchema, OutputTypeSchema, TierSchema } from "./tier";

/** Default largest task accepted, in bytes of its encoded form. */
export const DEFAULT_MAX_TASK_BYTES = 1024 * 1024;

export const TaskIdSchema = z.string().min(1).max(200);

export const TaskDimensionsSchema = z.object({
  inputTokenEstimate: z.number().int().min(0).optional(),
  requiresReasoning: z.boolean().optional(),
  outputType: OutputTypeSchema.optional(),
  accuracy: AccuracySchema.optional(),
});
export type TaskDimensions = z.infer<typeof TaskDimensionsSchema>;

/** An Anthropic content block: text, image, tool use… We pass blocks through as they are. */
export const ContentBlockSchema = z.looseObject({ type: z.string().min(1) });
export type ContentBlock = z.infer<typeof ContentBlockSchema>;

export const MessageSchema = z.object({
  role: z.enum(["user", "assistant"]),
  content: z.union([z.string(), z.array(ContentBlockSchema).min(1)]),
});
export type Message = z.infer<typeof MessageSchema>;

export const MetadataSchema = z.record(z.string(), z.string());
export type Metadata = z.infer<typeof MetadataSchema>;

/**
 * Task event, version 1, on the tasks topic. Unknown fields are ignored so
 * that producers can evolve additively; a breaking change is version 2.
 */
export const TaskEventSchema = z.object({
  version: z.literal(1).default(1),
  id: TaskIdSchema,
  type: z.string().min(1).max(200),
  dimensions: TaskDimensionsSchema.optional(),
  tier: TierSchema.optional(),
  system: z.union([z.string(), z.array(ContentBlockSchema)]).optional(),
  messages: z.array(MessageSchema).min(1),
  maxTokens: z.number().int().min(1).max(200_000),
  temperature: z.number().min(0).max(1).optional(),
  outputSchema: z.record(z.string(), z.unknown()).optional(),
  metadata: MetadataSchema.optional(),
  createdAt: z.iso.datetime({ offset: true }).optional(),
  /** When the result is needed; far enough away, the task goes to the batch lane. */
  deadline: DeadlineSchema.optional(),
  /** Prompt caching: "off", or the TTL of the system prompt's cache breakpoint (default "5m"). */
  cache: z.enum(["off", "5m", "1h"]).optional(),
});
export type TaskEvent = z.infer<typeof TaskEventSchema>;
/** What a producer may send: defaults not yet applied. */
export type TaskEventInput = z.input<typeof TaskEventSchema>;
