import type { LifecycleTable } from "../../lifecycle/model-lifecycle";
import { readSdkDeprecations } from "./read-sdk-deprecations";

const DEPRECATIONS_PAGE = "https://platform.claude.com/docs/en/about-claude/model-deprecations";
const RELEASE_NOTES = "https://platform.claude.com/docs/en/release-notes/overview";
const CHECKED_ON = "2026-11-30";

/**
 * End-of-life dates of Anthropic models the SDK's own table does not carry
 * (retired ones drop out of it), from Anthropic's pages. To update: read the
 * deprecations page, add or change the model's date and `checkedOn`.
 */
export const ANTHROPIC_END_OF_LIFE: LifecycleTable = {
  "claude-3-opus": { endOfLife: "2026-01-05", source: DEPRECATIONS_PAGE, checkedOn: CHECKED_ON },
  "claude-3-5-sonnet": {
    endOfLife: "2025-10-22",
    source: DEPRECATIONS_PAGE,
    checkedOn: CHECKED_ON,
    note: "Retired; the date is the one Anthropic's notice gave for claude-3-5-sonnet-20240620 (reports of the 20241022 snapshot say 2025-10-28).",
  },
  "claude-3-7-sonnet": { endOfLife: "2026-02-19", source: DEPRECATIONS_PAGE, checkedOn: CHECKED_ON },
  "claude-sonnet-4": { endOfLife: "2026-06-15", source: RELEASE_NOTES, checkedOn: CHECKED_ON },
  "claude-opus-4": { endOfLife: "2026-06-15", source: RELEASE_NOTES, checkedOn: CHECKED_ON },
  "claude-opus-4-1": {
    endOfLife: "2026-08-05",
    source: DEPRECATIONS_PAGE,
    checkedOn: CHECKED_ON,
    note: "The pricing page lists Opus 4.1 as retired on the Claude API; the day is from third-party change logs.",
  },
};

/** The SDK's deprecation table (it wins where it has a model) over the dates above. */
export function anthropicLifecycleTable(): LifecycleTable {
  return { ...ANTHROPIC_END_OF_LIFE, ...readSdkDeprecations(CHECKED_ON) };
}
