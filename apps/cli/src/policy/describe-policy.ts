import type { PolicyChangeEvent } from "@switchyard/contracts";
import { baseTierOf, type RoutingConfig, type RoutingPolicy } from "@switchyard/routing";
import { formatTable } from "../output/format-table";

/** `policy show`: per task type the base tier, the tier in force and the change that set it. */
export function describePolicy(policy: RoutingPolicy, routing: RoutingConfig): string {
  const rows = Object.keys(routing.taskTypes)
    .sort()
    .map((type) => {
      const entry = policy.entries[type];
      const base = baseTierOf(type, routing) ?? "";
      const override = entry?.override;
      const extras = [
        override?.thresholds ? `thresholds ${JSON.stringify(override.thresholds)}` : "",
        override?.shadowRate === undefined ? "" : `shadow rate ${override.shadowRate}`,
        entry?.change.movedFrom ? `guarded against ${entry.change.movedFrom}` : "",
        entry?.change.pinned ? "pinned" : "",
      ].filter((text) => text.length > 0);
      return [
        type,
        base,
        override?.tier ?? base,
        entry ? `v${entry.change.policyVersion}` : "base",
        entry?.change.author ?? "",
        [entry?.change.reason ?? "", ...extras].filter((text) => text.length > 0).join("; "),
      ];
    });
  const header = `policy version ${policy.version}${policy.version === 0 ? " (the routing config alone)" : ""}\n`;
  return (
    header +
    formatTable(
      [{ header: "task type" }, { header: "base tier" }, { header: "tier" }, { header: "set by" }, { header: "author" }, { header: "reason" }],
      rows,
      "  ",
    )
  );
}

/** `policy history`: every applied change still in the topic, oldest first. */
export function describeHistory(history: readonly PolicyChangeEvent[]): string {
  if (history.length === 0) return "no policy changes: the routing config alone is in force\n";
  return formatTable(
    [{ header: "version", align: "right" }, { header: "at" }, { header: "task type" }, { header: "tier" }, { header: "author" }, { header: "reason" }],
    history.map((change) => [
      `v${change.policyVersion}`,
      change.createdAt.replace(/\.\d+Z$/, "Z"),
      change.taskType,
      change.override === null ? "base" : (change.override.tier ?? "base (thresholds)"),
      change.author,
      change.reason,
    ]),
  );
}
