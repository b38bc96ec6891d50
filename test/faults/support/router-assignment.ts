import type { ServiceProcess } from "@switchyard/test-support";

/** The partitions a router last logged as assigned. */
export function lastAssignment(router: ServiceProcess): string[] {
  const entries = router.logEntries().filter((entry) => entry.msg === "partitions assigned");
  const last = entries.at(-1)?.assignment;
  return Array.isArray(last) ? last.map(String) : [];
}
