export { TracingEnvironmentSchema, tracingOptionsFromEnvironment } from "./tracing-environment";
export type { TracingEnvironment, TracingOptions } from "./tracing-environment";
export { startTracing } from "./start-tracing";
export type { Tracing } from "./start-tracing";
export { recordModelCallSpan } from "./record-model-call-span";
export type { ModelCall, ModelCallContext } from "./record-model-call-span";
export { SpanKind, SpanStatusCode } from "@opentelemetry/api";
export type { Tracer } from "@opentelemetry/api";
