import { CHARACTERS_PER_TOKEN } from "./count-tokens";
import type { Random } from "./seeded-random";
import { WORDS } from "./vocabulary";

/** Sentences of vocabulary words, about `tokens` long (4 characters per token). */
export function generateProse(random: Random, tokens: number): string {
  const targetCharacters = Math.max(1, tokens) * CHARACTERS_PER_TOKEN;
  const sentences: string[] = [];
  let length = 0;
  while (length < targetCharacters) {
    const words = Array.from({ length: random.integer(6, 16) }, () => random.pick(WORDS));
    const sentence = `${capitalize(words.join(" "))}.`;
    sentences.push(sentence);
    length += sentence.length + 1;
  }
  return sentences.join(" ");
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
