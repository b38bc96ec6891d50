import type { ResultEvent } from "@switchyard/contracts";
import { formatCount, formatUsd } from "./format-numbers";
import { sanitizeForTerminal } from "./sanitize-for-terminal";

/** One line per result, for `results`: time, task, type, status, tier/model, cost, latency. */
export function formatResultLine(result: ResultEvent): string {
  const where = result.tier === null ? "-" : `${result.tier}/${result.model ?? "?"}`;
  const outcome = result.status === "ok" ? "ok" : `error ${result.error?.type ?? ""}`.trim();
  return sanitizeForTerminal([result.completedAt, result.taskId, result.type, outcome, where, formatUsd(result.costUsd), `${result.latencyMs} ms`].join("  "));
}

/** A result in full, for `submit --wait`. */
export function formatResultDetails(result: ResultEvent): string {
  const lines = [
    `task      ${result.taskId} (${result.type})`,
    `status    ${result.status}${result.error ? `: ${result.error.type}: ${result.error.message}` : ""}`,
  ];
  if (result.tier !== null) {
    const fallback = result.routing.fallbackFrom === null ? "" : ` (fell back from ${result.routing.fallbackFrom})`;
    lines.push(`model     ${result.tier} / ${result.model ?? "?"}${fallback}`);
  }
  lines.push(
    `routing   ${result.routing.reason}`,
    `cost      ${formatUsd(result.costUsd)}, ${formatCount(result.usage.inputTokens)} input and ${formatCount(result.usage.outputTokens)} output tokens, ${result.attempts} attempt${result.attempts === 1 ? "" : "s"}`,
    `latency   ${formatCount(result.latencyMs)} ms`,
  );
  if (result.status === "ok") {
    lines.push("", result.json === undefined ? (result.text ?? "") : JSON.stringify(result.json, null, 2));
  }
  // Everything here came from a message: control characters are shown, never run.
  return `${lines.map((line) => sanitizeForTerminal(line, true)).join("\n")}\n`;
}

export const RESULT_FORMATS = ["text", "json", "jsonl"] as const;
export type ResultFormat = (typeof RESULT_FORMATS)[number];

/** A result for `submit --wait`: details, an indented JSON document, or one JSON line. */
export function formatResult(result: ResultEvent, format: ResultFormat): string {
  if (format === "json") return `${JSON.stringify(result, null, 2)}\n`;
  if (format === "jsonl") return `${JSON.stringify(result)}\n`;
  return formatResultDetails(result);
}
