import { createBatchWriter, type BatchWriterOptions } from "../../src";
import type { FakeStore } from "./fake-store";
import { silentLogger } from "./report-tests";

export interface WriterTestEvent {
  id: string;
  ts?: string;
}
export type WriterTestRow = { event_id: string; ts: string };

/** A batch writer over a fake store with fast retries and a fixed jitter; events whose id is "unmappable" fail to map. */
export function writerFor(store: FakeStore, overrides: Partial<BatchWriterOptions<WriterTestEvent, WriterTestRow>> = {}) {
  return createBatchWriter<WriterTestEvent, WriterTestRow>({
    store,
    table: "llm_usage",
    mapRow: (event) => {
      if (event.id === "unmappable") throw new RangeError("bad date");
      return { event_id: event.id, ts: event.ts ?? "2024-05-01 00:00:00" };
    },
    maxRows: 3,
    maxWaitMs: 10_000,
    maxBufferedRows: 100,
    retry: { initialDelayMs: 1, maxDelayMs: 5 },
    dedupe: { idColumn: "event_id", timeColumn: "ts" },
    logger: silentLogger,
    random: () => 0.5,
    ...overrides,
  });
}

export const events = (count: number, prefix = "e"): WriterTestEvent[] => Array.from({ length: count }, (_, index) => ({ id: `${prefix}${index}` }));
