import type { StoreCapabilities } from "./clickhouse-store";

export interface ServerVersion {
  major: number;
  minor: number;
}

/** "18.16.1" → { major: 18, minor: 16 }; anything unreadable → 0.0 (oldest: no optional features). */
export function parseServerVersion(version: string): ServerVersion {
  const match = /^(\d+)\.(\d+)/.exec(version.trim());
  if (!match) return { major: 0, minor: 0 };
  return { major: Number(match[1]), minor: Number(match[2]) };
}

export function isVersionAtLeast(version: string, minimum: string): boolean {
  const actual = parseServerVersion(version);
  const required = parseServerVersion(minimum);
  if (actual.major !== required.major) return actual.major > required.major;
  return actual.minor >= required.minor;
}

/** The first version with `insert_deduplication_token` for plain MergeTree tables (an LTS release). */
export const INSERT_DEDUPLICATION_TOKEN_VERSION = "22.3";

export function detectCapabilities(version: string): StoreCapabilities {
  return { insertDeduplicationToken: isVersionAtLeast(version, INSERT_DEDUPLICATION_TOKEN_VERSION) };
}
