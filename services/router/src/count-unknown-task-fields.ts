import { getOrCreateCounter, type Counter, type Logger, type Registry } from "@switchyard/platform";

/** Distinct field names kept as label values; beyond them, and for odd names, "(other)". */
const MAX_DISTINCT_FIELDS = 50;
const PLAIN_FIELD_NAME = /^[A-Za-z0-9_.-]{1,64}$/;
const OTHER = "(other)";

/**
 * Unknown top-level task fields are accepted (events evolve additively) but
 * counted, so a producer's typo (`max_tokens`, `outputschema`) shows up in
 * `switchyard_task_unknown_fields_total{field}` and once in the log. The label
 * set is bounded: field names come from producers.
 */
export function createUnknownTaskFieldCounter(registry: Registry, logger: Logger): (fields: readonly string[]) => void {
  const counter = unknownFieldsCounter(registry);
  const seen = new Set<string>();
  return (fields) => {
    for (const field of fields) {
      const label = labelFor(field, seen);
      counter.inc({ field: label });
      if (label !== OTHER && !seen.has(label)) {
        seen.add(label);
        logger.warn({ field: label }, "task field not in the contract (accepted and ignored): a typo in a producer?");
      }
    }
  };
}

function labelFor(field: string, seen: ReadonlySet<string>): string {
  if (!PLAIN_FIELD_NAME.test(field)) return OTHER;
  if (seen.has(field) || seen.size < MAX_DISTINCT_FIELDS) return field;
  return OTHER;
}

function unknownFieldsCounter(registry: Registry): Counter<"field"> {
  return getOrCreateCounter(registry, {
    name: "switchyard_task_unknown_fields_total",
    help: "Top-level task fields that the task contract does not know (accepted and ignored), by field name",
    labelNames: ["field"],
  });
}
