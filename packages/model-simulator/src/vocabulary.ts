/** Words for simulated prose and strings: the vocabulary of the article's ad-platform tasks. */
export const WORDS = [
  "account", "ad", "audience", "bid", "brand", "budget", "campaign", "channel", "click", "conversion",
  "cost", "creative", "customer", "daily", "data", "demand", "device", "growth", "impression", "keyword",
  "landing", "lead", "margin", "market", "match", "metric", "mobile", "month", "offer", "order",
  "page", "performance", "placement", "product", "profit", "quality", "query", "rate", "reach", "region",
  "return", "revenue", "sale", "search", "segment", "share", "signal", "spend", "strategy", "target",
  "test", "traffic", "trend", "value", "volume", "week", "window", "yield", "adjust", "improve",
  "increase", "reduce", "shift", "hold", "expand", "pause", "review", "raise", "lower", "focus",
  "strong", "weak", "stable", "rising", "falling", "seasonal", "broad", "exact", "negative", "relevant",
  "efficient", "costly", "steady", "higher", "lower", "early", "late", "new", "returning", "premium",
  "the", "a", "of", "for", "with", "on", "in", "across", "while", "and",
] as const;
