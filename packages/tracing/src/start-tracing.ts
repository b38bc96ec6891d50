import { context, type Tracer } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { AlwaysOnSampler, BasicTracerProvider, BatchSpanProcessor, ParentBasedSampler } from "@opentelemetry/sdk-trace-base";
import type { MessageTracing } from "@switchyard/kafka";
import type { Logger } from "@switchyard/platform";
import { createKafkaMessageTracing } from "./kafka-message-tracing";
import type { TracingOptions } from "./tracing-environment";

/** A service's tracing, when an OTLP endpoint is configured. */
export interface Tracing {
  tracer: Tracer;
  /** The consumer loop's hooks (ConsumerLoopOptions.tracing). */
  messages: MessageTracing;
  /** Exports what is queued now. */
  flush(): Promise<void>;
  /** Exports what is queued and stops. */
  shutdown(): Promise<void>;
}

const EXPORT_TIMEOUT_MS = 10_000;

/**
 * A tracer provider of its own (not registered globally: each service in a
 * process names itself), exporting OTLP/HTTP JSON in batches. The context
 * manager is process-wide (AsyncLocalStorage): registered once, shared.
 */
export function startTracing(options: TracingOptions & { logger: Logger }): Tracing {
  // Fails (false) when one is already registered, which is the one we need.
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  const exporter = new OTLPTraceExporter({ url: options.tracesUrl, headers: options.headers, timeoutMillis: EXPORT_TIMEOUT_MS });
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ "service.name": options.serviceName, "service.namespace": "switchyard" }),
    // Given here rather than read from OTEL_TRACES_SAMPLER: a producer's unsampled trace stays unsampled, the rest is kept.
    sampler: new ParentBasedSampler({ root: new AlwaysOnSampler() }),
    spanProcessors: [
      new BatchSpanProcessor(exporter, {
        scheduledDelayMillis: options.exportIntervalMs ?? 1_000,
        maxQueueSize: 4_096,
        maxExportBatchSize: 512,
        exportTimeoutMillis: EXPORT_TIMEOUT_MS,
      }),
    ],
  });
  const tracer = provider.getTracer("switchyard");
  // The URL only: the headers may hold a collector's credentials.
  options.logger.info({ tracesUrl: options.tracesUrl, serviceName: options.serviceName }, "tracing on: exporting spans over OTLP/HTTP");
  return {
    tracer,
    messages: createKafkaMessageTracing(tracer),
    flush: () => provider.forceFlush(),
    shutdown: () => provider.shutdown(),
  };
}
