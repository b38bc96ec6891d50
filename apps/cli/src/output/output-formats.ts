export const OUTPUT_FORMATS = ["table", "json", "jsonl", "csv"] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];
