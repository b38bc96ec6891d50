import type { BatchWriter } from "@switchyard/clickhouse";
import { SpanKind, SpanStatusCode, type Tracer } from "@switchyard/tracing";

/**
 * The writer with a CLIENT span per event, from buffering to its row being
 * stored (the wait for its batch included), under the span of the message
 * being handled. One INSERT carries many traces' rows: each trace sees its own wait.
 */
export function traceBatchWriter<Event>(writer: BatchWriter<Event>, tracer: Tracer, table: string): BatchWriter<Event> {
  const attributes = { "db.system.name": "clickhouse", "db.operation.name": "INSERT", "db.collection.name": table };
  return {
    async write(event) {
      const span = tracer.startSpan(`INSERT ${table}`, { kind: SpanKind.CLIENT, attributes });
      try {
        await writer.write(event);
      } catch (error) {
        const code = error instanceof Error && "code" in error && typeof error.code === "string" ? error.code : "unhandled_error";
        span.setAttribute("error.type", code);
        span.setStatus({ code: SpanStatusCode.ERROR, message: code });
        throw error;
      } finally {
        span.end();
      }
    },
    // Not traced: with tracing on the consumer loop hands the sink one message at a time (write).
    writeMany: (events) => writer.writeMany(events),
    flush: () => writer.flush(),
    close: (options) => writer.close(options),
    get bufferedRows() {
      return writer.bufferedRows;
    },
  };
}
