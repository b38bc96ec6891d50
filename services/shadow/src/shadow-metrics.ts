import type { ShadowEvent } from "@switchyard/contracts";
import { getOrCreateCounter, type Registry } from "@switchyard/platform";

const COMPARISONS_METRIC = "switchyard_shadow_comparisons_total";

/**
 * Shadow and guard comparisons by verdict: agreement per task type and tier
 * pair is agree / all (the Grafana board's agreement panel; the controller
 * decides on ClickHouse's stored pairs, not on this).
 */
export function createShadowMetrics(registry: Registry): { record(event: ShadowEvent): void } {
  const comparisons = getOrCreateCounter(registry, {
    name: COMPARISONS_METRIC,
    help: "Shadow and guard comparisons by task type, tier pair, phase and verdict (agree, disagree, shadow_failed)",
    labelNames: ["task_type", "original_tier", "shadow_tier", "phase", "verdict"],
  });
  return {
    record(event) {
      comparisons.inc({
        task_type: event.type,
        original_tier: event.originalTier,
        shadow_tier: event.shadowTier,
        phase: event.phase ?? "shadow",
        verdict: event.verdict,
      });
    },
  };
}
