/**
 * How the simulator recognises an LLM-judge call (the shadow consumer's):
 * a user message carrying both answers between <answer_a> and <answer_b>
 * tags, answer A the reference. Keep in step with the shadow's judge prompt.
 */
export interface JudgeRequest {
  reference: string;
  candidate: string;
}

const ANSWER_A = /<answer_a>\n?([\s\S]*?)\n?<\/answer_a>/;
const ANSWER_B = /<answer_b>\n?([\s\S]*?)\n?<\/answer_b>/;

export function detectJudgeRequest(userText: string): JudgeRequest | null {
  const reference = ANSWER_A.exec(userText)?.[1];
  const candidate = ANSWER_B.exec(userText)?.[1];
  if (reference === undefined || candidate === undefined) return null;
  return { reference, candidate };
}

/**
 * Word-bigram cosine similarity in [0, 1] (case and punctuation ignored):
 * the simulated judge's score. Identical answers score 1; the quality
 * model's differing answers score near 0.
 */
export function scoreSimilarity(left: string, right: string): number {
  const leftCounts = bigrams(left);
  const rightCounts = bigrams(right);
  if (leftCounts.size === 0 && rightCounts.size === 0) return 1;
  if (leftCounts.size === 0 || rightCounts.size === 0) return 0;
  let dot = 0;
  for (const [gram, count] of leftCounts) dot += count * (rightCounts.get(gram) ?? 0);
  return Math.min(1, dot / (norm(leftCounts) * norm(rightCounts)));
}

function bigrams(text: string): Map<string, number> {
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  const grams = words.length === 1 ? words : words.slice(1).map((word, index) => `${words[index]} ${word}`);
  const counts = new Map<string, number>();
  for (const gram of grams) counts.set(gram, (counts.get(gram) ?? 0) + 1);
  return counts;
}

function norm(counts: Map<string, number>): number {
  let sum = 0;
  for (const count of counts.values()) sum += count * count;
  return Math.sqrt(sum);
}
