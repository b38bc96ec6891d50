/** Tokens of one call, by kind. */
export interface CallTokens {
  inputTokens: number;
  outputTokens: number;
  cacheCreationInputTokens: number;
  cacheReadInputTokens: number;
}

/** USD per million tokens, as a test writes them down from the published price list. */
export interface TestPrice {
  inputPerMillion: number;
  outputPerMillion: number;
  cacheWrite5mPerMillion: number;
  cacheReadPerMillion: number;
}

/**
 * What a call should cost, computed by the tests from their own copy of the
 * prices (not the price book's), cache writes at the 5-minute rate.
 */
export function computeExpectedCostUsd(tokens: CallTokens, price: TestPrice): number {
  return (
    (tokens.inputTokens * price.inputPerMillion +
      tokens.outputTokens * price.outputPerMillion +
      tokens.cacheCreationInputTokens * price.cacheWrite5mPerMillion +
      tokens.cacheReadInputTokens * price.cacheReadPerMillion) /
    1_000_000
  );
}
