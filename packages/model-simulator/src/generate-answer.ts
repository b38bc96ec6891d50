import { createHash } from "node:crypto";
import { CHARACTERS_PER_TOKEN, countTextTokens } from "./count-tokens";
import { detectJudgeRequest, scoreSimilarity } from "./detect-judge-request";
import { detectStructuredOutput } from "./detect-structured-output";
import { generateProse } from "./generate-prose";
import { GENERIC_OUTPUT_SCHEMA, generateValue, mutateValue } from "./json-schema-values";
import { contentText, type MessagesRequest } from "./messages-request";
import { agreesWithReference } from "./quality-model";
import { createRandom, hashToUnit } from "./seeded-random";
import type { SimulatorConfig } from "./simulator-config";

export interface AnswerInput {
  request: MessagesRequest;
  model: string;
  profileModel: string;
  taskType: string | null;
  inputTokens: number;
  /** The invalid_output fault: a structured task gets text that is not JSON. */
  invalidOutput: boolean;
}

export interface Answer {
  text: string;
  stopReason: "end_turn" | "max_tokens";
  outputTokens: number;
}

const JUDGE_AGREE_AT = 0.8;
const MAX_PROSE_TOKENS = 1_000;

/**
 * The simulated model's answer, deterministic per input and model: a judge
 * verdict for judge calls, a JSON object for structured tasks (conforming to
 * the task's schema), prose otherwise. The most skilled model's answer is the
 * reference; the quality model decides whether this model gives it or a
 * different one.
 */
export function generateAnswer(config: SimulatorConfig, input: AnswerInput): Answer {
  const { request } = input;
  const systemText = contentText(request.system);
  const judge = detectJudgeRequest(lastUserText(request));
  if (judge) return finish(judgeVerdict(judge.reference, judge.candidate), request.max_tokens);

  const inputKey = computeInputKey(request);
  const agrees = agreesWithReference(config, {
    model: input.model,
    profileModel: input.profileModel,
    taskType: input.taskType,
    inputKey,
    inputTokens: input.inputTokens,
  });
  const reference = createRandom(config.seed, "reference", inputKey);
  const variant = createRandom(config.seed, "variant", inputKey, input.profileModel);

  const structured = detectStructuredOutput(systemText);
  if (structured.structured) {
    const schema = structured.schema ?? GENERIC_OUTPUT_SCHEMA;
    const referenceValue = generateValue(schema, reference);
    const value = agrees ? referenceValue : mutateValue(referenceValue, schema, variant);
    const json = JSON.stringify(value);
    return finish(input.invalidOutput ? `Sure! Here is the JSON you asked for:\n${json.slice(0, -1)}` : json, request.max_tokens);
  }

  const tokens = proseLength(config.seed, inputKey, input.inputTokens);
  return finish(generateProse(agrees ? reference : variant, tokens), request.max_tokens);
}

/** Identifies a task's input: system and messages, cache_control markers left out. */
export function computeInputKey(request: Pick<MessagesRequest, "system" | "messages">): string {
  // A system prompt sent as text blocks (as a cache breakpoint needs) is the same input as the same text sent as a string.
  const system = request.system === undefined ? null : contentText(request.system);
  const canonical = JSON.stringify({ system, messages: request.messages }, (key, value: unknown) => (key === "cache_control" ? undefined : value));
  return createHash("sha256").update(canonical).digest("hex");
}

function lastUserText(request: MessagesRequest): string {
  const last = [...request.messages].reverse().find((message) => message.role === "user");
  return contentText(last?.content);
}

function judgeVerdict(reference: string, candidate: string): string {
  const score = Math.round(scoreSimilarity(reference, candidate) * 1000) / 1000;
  const verdict = score >= JUDGE_AGREE_AT ? "agree" : "disagree";
  const reason = verdict === "agree" ? "B states the same facts and recommendations as A." : "B differs from A in its facts or recommendations.";
  return JSON.stringify({ score, verdict, reason });
}

// Longer inputs get longer answers, spread ±20% per input.
function proseLength(seed: string, inputKey: string, inputTokens: number): number {
  const spread = 0.8 + 0.4 * hashToUnit(seed, "length", inputKey);
  return Math.min(MAX_PROSE_TOKENS, Math.round((60 + inputTokens * 0.2) * spread));
}

function finish(text: string, maxTokens: number): Answer {
  const tokens = Math.max(1, countTextTokens(text));
  if (tokens <= maxTokens) return { text, stopReason: "end_turn", outputTokens: tokens };
  return { text: text.slice(0, maxTokens * CHARACTERS_PER_TOKEN), stopReason: "max_tokens", outputTokens: maxTokens };
}
