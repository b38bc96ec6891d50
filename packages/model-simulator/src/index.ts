export { startModelSimulator, resolveModel, TASK_TYPE_HEADER } from "./simulator-server";
export type { ModelSimulator, StartModelSimulatorOptions } from "./simulator-server";
export {
  SimulatorConfigSchema,
  FaultSchema,
  ModelProfileSchema,
  QualitySchema,
  RateLimitsSchema,
  FAULT_KINDS,
  defaultModelProfiles,
  mergeSimulatorConfig,
} from "./simulator-config";
export type { SimulatorConfig, SimulatorConfigInput, Fault, ModelProfile } from "./simulator-config";
export type { SimulatorStats } from "./simulator-stats";
export { agreementProbability, agreesWithReference } from "./quality-model";
export type { QualityInput } from "./quality-model";
export { generateAnswer, computeInputKey } from "./generate-answer";
export type { Answer, AnswerInput } from "./generate-answer";
export { detectStructuredOutput } from "./detect-structured-output";
export { detectJudgeRequest, scoreSimilarity } from "./detect-judge-request";
export { generateValue, mutateValue, GENERIC_OUTPUT_SCHEMA } from "./json-schema-values";
export { PromptCache, countInputTokens } from "./prompt-cache";
