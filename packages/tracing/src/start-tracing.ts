import { context, type Tracer } from "@opentelemetry/api";
import type { MessageTracing } from "@switchyard/kafka";
import type { Logger } from "@switchyard/platform";
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
 * The SDK and its exporter load here, only when tracing is on: they are most
 * of OpenTelemetry's modules (about 20 MiB of a service's RSS, measured).
 */
export async function startTracing(options: TracingOptions & { logger: Logger }): Promise<Tracing> {
  const [{ AsyncLocalStorageContextManager }, { OTLPTraceExporter }, { resourceFromAttributes }, sdk, { createKafkaMessageTracing }] = await Promise.all([
    import("@opentelemetry/context-async-hooks"),
    import("@opentelemetry/exporter-trace-otlp-http"),
    import("@opentelemetry/resources"),
    import("@opentelemetry/sdk-trace-base"),
    import("./kafka-message-tracing.js"),
  ]);
  const { AlwaysOnSampler, BasicTracerProvider, BatchSpanProcessor, ParentBasedSampler } = sdk;
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
