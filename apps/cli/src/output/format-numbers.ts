/** 12,345 */
export function formatCount(value: number): string {
  return Math.round(value).toLocaleString("en-US");
}

/** $1,234.57; small amounts keep four decimals ($0.0123). */
export function formatUsd(value: number | null): string {
  if (value === null) return "unknown";
  const digits = Math.abs(value) < 1 && value !== 0 ? 4 : 2;
  return `$${value.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits })}`;
}

/** 0.7 → "70.0%" */
export function formatShare(value: number): string {
  return `${(value * 100).toFixed(1)}%`;
}

/** -98.3 → "-98.3%", 0 → "0.0%"; null → "n/a". */
export function formatPercentChange(value: number | null): string {
  if (value === null) return "n/a";
  const rounded = Math.abs(value) < 0.05 ? 0 : value;
  return `${rounded > 0 ? "+" : ""}${rounded.toFixed(1)}%`;
}
