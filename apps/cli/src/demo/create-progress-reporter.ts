import { formatCount, formatUsd } from "../output/format-numbers";
import type { DemoProgress } from "./run-demo";

export interface ProgressReporter {
  update(progress: DemoProgress): void;
  /** Ends the live line (if any) so that what follows starts on a new line. */
  finish(): void;
}

const PHASE_LABELS: Record<DemoProgress["phase"], string> = {
  routing: "routing",
  finishing: "finishing shadows and storage",
  loop: "policy loop (controller, phase 2, guard, phase 3)",
  reporting: "reading the reports",
};

/**
 * Progress on stderr: one live line on a terminal; otherwise a line per 10%
 * of tasks and per phase, so that logs and CI output stay readable.
 */
export function createProgressReporter(stream: NodeJS.WritableStream & { isTTY?: boolean }): ProgressReporter {
  const live = stream.isTTY === true;
  let lastBucket = -1;
  let lastPhase: DemoProgress["phase"] | null = null;
  let lineOpen = false;
  return {
    update(progress) {
      const line = describe(progress);
      if (live) {
        stream.write(`\r\x1b[2K${line}`);
        lineOpen = true;
        return;
      }
      const bucket = progress.total === 0 ? 10 : Math.floor((10 * progress.done) / progress.total);
      if (bucket === lastBucket && progress.phase === lastPhase) return;
      lastBucket = bucket;
      lastPhase = progress.phase;
      stream.write(`${line}\n`);
    },
    finish() {
      if (lineOpen) stream.write("\n");
      lineOpen = false;
    },
  };
}

function describe(progress: DemoProgress): string {
  const seconds = (progress.elapsedMs / 1000).toFixed(1);
  const failed = progress.failed > 0 ? ` (${formatCount(progress.failed)} failed)` : "";
  return [
    `[${seconds.padStart(5)} s] ${PHASE_LABELS[progress.phase]}:`,
    `${formatCount(progress.done)}/${formatCount(progress.total)} tasks${failed},`,
    `routed cost ${formatUsd(progress.routedCostUsd)},`,
    `${formatCount(progress.shadowComparisons)} shadow comparison${progress.shadowComparisons === 1 ? "" : "s"} (${formatUsd(progress.evaluationCostUsd)})`,
  ].join(" ");
}
