/**
 * A cheap similarity of two texts in [0, 1] for free-form output when the
 * LLM judge is off: cosine similarity of word-bigram counts (word order
 * matters a little, case and punctuation do not).
 */
export function computeTextSimilarity(left: string, right: string): number {
  const leftCounts = bigramCounts(left);
  const rightCounts = bigramCounts(right);
  if (leftCounts.size === 0 && rightCounts.size === 0) return 1;
  if (leftCounts.size === 0 || rightCounts.size === 0) return 0;
  let dot = 0;
  for (const [gram, count] of leftCounts) dot += count * (rightCounts.get(gram) ?? 0);
  return dot / (norm(leftCounts) * norm(rightCounts));
}

function bigramCounts(text: string): Map<string, number> {
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  const counts = new Map<string, number>();
  const grams = words.length === 1 ? words : words.slice(1).map((word, index) => `${words[index]} ${word}`);
  for (const gram of grams) counts.set(gram, (counts.get(gram) ?? 0) + 1);
  return counts;
}

function norm(counts: Map<string, number>): number {
  let sum = 0;
  for (const count of counts.values()) sum += count * count;
  return Math.sqrt(sum);
}
