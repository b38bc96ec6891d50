/**
 * What each built-in task type ran on before Switchyard, as in the article:
 * Opus for everything but data extraction, which used Sonnet. The savings
 * report prices routed tokens at these models; users configure their own.
 */
export const DEFAULT_BASELINE_MODELS: Readonly<Record<string, string>> = {
  keyword_relevance: "claude-3-opus",
  campaign_summary: "claude-3-opus",
  account_strategy: "claude-3-opus",
  data_extraction: "claude-3-5-sonnet",
};
