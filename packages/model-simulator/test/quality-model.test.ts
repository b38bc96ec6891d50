import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { agreementProbability, detectJudgeRequest, detectStructuredOutput, scoreSimilarity, SimulatorConfigSchema } from "../src/index";

const input = { model: "claude-haiku-4-5", profileModel: "claude-haiku-4-5", taskType: "keyword_relevance", inputKey: "k", inputTokens: 100 };

describe("agreementProbability", () => {
  const config = SimulatorConfigSchema.parse({});

  it("the most skilled model is the reference: it always agrees", () => {
    assert.equal(agreementProbability(config, { ...input, model: "claude-opus-4-5", profileModel: "claude-opus-4-5" }), 1);
  });

  it("a cheaper model agrees less on harder task types", () => {
    const easy = agreementProbability(config, input);
    const hard = agreementProbability(config, { ...input, taskType: "account_strategy" });
    assert.ok(easy > 0.95, `${easy}`);
    assert.ok(hard < easy - 0.2, `${hard}`);
    const sonnet = agreementProbability(config, { ...input, model: "claude-sonnet-4-5", profileModel: "claude-sonnet-4-5", taskType: "account_strategy" });
    assert.ok(sonnet > hard, "more skill, more agreement");
  });

  it("configured agreement wins, per task type and model; unnamed models agree", () => {
    const configured = SimulatorConfigSchema.parse({
      quality: { agreement: { data_extraction: { "claude-haiku-4-5": 0.98 }, campaign_summary: { "claude-sonnet-4-5": 0.6 } } },
    });
    assert.equal(agreementProbability(configured, { ...input, taskType: "data_extraction" }), 0.98);
    assert.equal(agreementProbability(configured, { ...input, model: "claude-haiku-4-5-20251001", taskType: "data_extraction" }), 0.98, "dated ids too");
    assert.equal(
      agreementProbability(configured, { ...input, model: "claude-sonnet-4-5", profileModel: "claude-sonnet-4-5", taskType: "campaign_summary" }),
      0.6,
    );
    assert.equal(agreementProbability(configured, { ...input, taskType: "campaign_summary" }), 1);
  });
});

describe("request detection", () => {
  it("recognises the structured-output instruction and reads its schema", () => {
    const system =
      'You classify keywords.\n\nRespond with only a JSON object, with no text before or after it and no Markdown code fences.\nThe JSON object must conform to this JSON Schema:\n{"type":"object"}';
    assert.deepEqual(detectStructuredOutput(system), { structured: true, schema: { type: "object" } });
    assert.deepEqual(detectStructuredOutput("Respond with only a JSON object."), { structured: true, schema: null });
    assert.deepEqual(detectStructuredOutput("Write a summary."), { structured: false });
  });

  it("recognises a judge call and scores the two answers", () => {
    const judge = detectJudgeRequest("<task>\nt\n</task>\n<answer_a>\nSame words here.\n</answer_a>\n<answer_b>\nSame words here.\n</answer_b>");
    assert.deepEqual(judge, { reference: "Same words here.", candidate: "Same words here." });
    assert.equal(detectJudgeRequest("no answers here"), null);
    assert.ok(scoreSimilarity("Spend rose in the north region.", "spend rose in the north region") > 0.999);
    assert.ok(scoreSimilarity("Spend rose in the north region this week.", "Hold bids on brand terms until Monday.") < 0.1);
  });
});
