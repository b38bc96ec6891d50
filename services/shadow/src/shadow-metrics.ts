import type { ShadowEvent } from "@switchyard/contracts";
import { getOrCreateCounter, LabelLimiter, type Registry } from "@switchyard/platform";

const COMPARISONS_METRIC = "switchyard_shadow_comparisons_total";
/** Task types beyond the configured ones are labelled one by one up to this many, then "other". */
const MAX_UNCONFIGURED_TASK_TYPES = 100;

/**
 * Shadow and guard comparisons by verdict: agreement per task type and tier
 * pair is agree / all (the Grafana board's agreement panel; the controller
 * decides on ClickHouse's stored pairs, not on this). A task's type is any
 * string its producer chose, so the label's values beyond the configured types
 * are capped.
 */
export function createShadowMetrics(registry: Registry, configuredTaskTypes: Iterable<string> = []): { record(event: ShadowEvent): void } {
  const taskTypes = new LabelLimiter(MAX_UNCONFIGURED_TASK_TYPES, new Set(configuredTaskTypes));
  const comparisons = getOrCreateCounter(registry, {
    name: COMPARISONS_METRIC,
    help: "Shadow and guard comparisons by task type, tier pair, phase and verdict (agree, disagree, shadow_failed)",
    labelNames: ["task_type", "original_tier", "shadow_tier", "phase", "verdict"],
  });
  return {
    record(event) {
      comparisons.inc({
        task_type: taskTypes.label(event.type),
        original_tier: event.originalTier,
        shadow_tier: event.shadowTier,
        phase: event.phase ?? "shadow",
        verdict: event.verdict,
      });
    },
  };
}
