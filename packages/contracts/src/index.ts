export { DEFAULT_TOPICS, TopicEnvironmentSchema, PolicyTopicEnvironmentSchema } from "./topics";
export type { TopicNames } from "./topics";
export { TIERS, TierSchema, OutputTypeSchema, AccuracySchema } from "./tier";
export type { Tier, OutputType, Accuracy } from "./tier";
export {
  DEFAULT_MAX_TASK_BYTES,
  TaskIdSchema,
  TaskDimensionsSchema,
  ContentBlockSchema,
  MessageSchema,
  MetadataSchema,
  TaskEventSchema,
} from "./task-event";
export type { TaskDimensions, ContentBlock, Message, Metadata, TaskEvent, TaskEventInput } from "./task-event";
export { UsageRoleSchema, TokenUsageSchema, UsageEventSchema, CallModeSchema } from "./usage-event";
export type { UsageRole, TokenUsage, UsageEvent, CallMode } from "./usage-event";
export { DeadlineSchema, resolveDeadline } from "./deadline";
export { ResultErrorTypeSchema, RoutingSchema, ResultEventSchema } from "./result-event";
export type { ResultErrorType, Routing, ResultEvent } from "./result-event";
export { ShadowVerdictSchema, ShadowPhaseSchema, ShadowEventSchema, ShadowCandidateEventSchema } from "./shadow-event";
export type { ShadowVerdict, ShadowPhase, ShadowEvent, ShadowCandidateEvent } from "./shadow-event";
export { AlertEventSchema } from "./alert-event";
export type { AlertEvent } from "./alert-event";
export { DEAD_LETTER_HEADERS, DeadLetterHeadersSchema } from "./dead-letter-headers";
export type { DeadLetterHeaders } from "./dead-letter-headers";
export { decodeEvent, describeIssues, MAX_EVENT_DEPTH } from "./decode-event";
export { toWellFormed, sanitizeParsedJson } from "./sanitize-text";
export { measureJsonDepth } from "./measure-json-depth";
export type { DecodeOptions } from "./decode-event";
export { buildJsonSchemas, serializeJsonSchema } from "./json-schemas";
export { BatchRecordSchema, BatchTaskSchema } from "./batch-record";
export type { BatchRecord, BatchTask } from "./batch-record";
export {
  DEFAULT_POLICY_TOPIC,
  TaskTypeOverrideSchema,
  PolicyEvidenceSchema,
  PolicyAuthorSchema,
  PolicyChangeEventSchema,
} from "./policy-change-event";
export type { TaskTypeOverride, PolicyEvidence, PolicyChangeEvent, PolicyChangeEventInput } from "./policy-change-event";
