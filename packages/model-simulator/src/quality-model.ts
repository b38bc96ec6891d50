import type { SimulatorConfig } from "./simulator-config";
import { hashToUnit } from "./seeded-random";

export interface QualityInput {
  model: string;
  /** The catalog model id the request's model resolved to. */
  profileModel: string;
  taskType: string | null;
  /** Identifies the task's input (system and messages), never the model. */
  inputKey: string;
  inputTokens: number;
}

/**
 * The share of tasks on which `model` gives the reference answer for this
 * task: the configured agreement when the task type has one, otherwise
 * 1 − 2 × (1 − skill) × difficulty, where difficulty is the task type's plus
 * up to 0.2 for a long input, spread ±0.05 per task.
 */
export function agreementProbability(config: SimulatorConfig, input: QualityInput): number {
  const configured = input.taskType === null ? undefined : config.quality.agreement[input.taskType];
  if (configured) return configured[input.model] ?? configured[input.profileModel] ?? 1;
  const skills = Object.values(config.models).map((profile) => profile.skill);
  const skill = config.models[input.profileModel]?.skill ?? 0;
  if (skill >= Math.max(...skills)) return 1;
  const base = (input.taskType === null ? undefined : config.quality.difficulty[input.taskType]) ?? config.quality.defaultDifficulty;
  const spread = (hashToUnit(config.seed, "difficulty", input.inputKey) - 0.5) * 0.1;
  const difficulty = clamp(base + Math.min(0.2, input.inputTokens / 100_000) + spread);
  return clamp(1 - 2 * (1 - skill) * difficulty);
}

/** Whether the model's answer to this input is the reference one: fixed per (input, model). */
export function agreesWithReference(config: SimulatorConfig, input: QualityInput): boolean {
  return hashToUnit(config.seed, "agreement", input.inputKey, input.profileModel) < agreementProbability(config, input);
}

function clamp(value: number): number {
  return Math.min(1, Math.max(0, value));
}
