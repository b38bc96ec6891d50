import { emptyToUndefined } from "@switchyard/platform";
import { z } from "zod";

const otlpUrl = z.preprocess(emptyToUndefined, z.url({ protocol: /^https?$/, message: "expected an http(s) URL such as http://127.0.0.1:4318" }).optional());

/**
 * The standard OpenTelemetry variables a service reads for tracing. Tracing is
 * off unless an endpoint is set (and OTEL_SDK_DISABLED is not true).
 */
export const TracingEnvironmentSchema = z.object({
  /** The collector's base URL; traces go to <base>/v1/traces. */
  OTEL_EXPORTER_OTLP_ENDPOINT: otlpUrl,
  /** The full traces URL, used as it is; wins over OTEL_EXPORTER_OTLP_ENDPOINT. */
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: otlpUrl,
  /** `key=value,key2=value2` (values URL-encoded), e.g. an authorization header for the collector. */
  OTEL_EXPORTER_OTLP_HEADERS: z.preprocess(emptyToUndefined, z.string().max(8_192).optional()),
  OTEL_EXPORTER_OTLP_TRACES_HEADERS: z.preprocess(emptyToUndefined, z.string().max(8_192).optional()),
  /** Overrides the service's own name (switchyard-router, …) in the traces. */
  OTEL_SERVICE_NAME: z.preprocess(emptyToUndefined, z.string().max(256).optional()),
  OTEL_SDK_DISABLED: z.preprocess(emptyToUndefined, z.enum(["true", "false"], { message: "expected true or false" }).default("false")),
});
export type TracingEnvironment = z.infer<typeof TracingEnvironmentSchema>;

/** What startTracing needs; null in a service's config means tracing is off. */
export interface TracingOptions {
  serviceName: string;
  /** Where spans are posted as OTLP/HTTP JSON. */
  tracesUrl: string;
  headers: Record<string, string>;
  /** How often queued spans are exported. Default 1 s. */
  exportIntervalMs?: number;
}

/** The tracing options of a parsed environment, or null when no OTLP endpoint is configured. */
export function tracingOptionsFromEnvironment(environment: TracingEnvironment, defaultServiceName: string): TracingOptions | null {
  if (environment.OTEL_SDK_DISABLED === "true") return null;
  const tracesUrl = environment.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? tracesUrlOf(environment.OTEL_EXPORTER_OTLP_ENDPOINT);
  if (tracesUrl === undefined) return null;
  return {
    serviceName: environment.OTEL_SERVICE_NAME ?? defaultServiceName,
    tracesUrl,
    headers: { ...parseHeaders(environment.OTEL_EXPORTER_OTLP_HEADERS), ...parseHeaders(environment.OTEL_EXPORTER_OTLP_TRACES_HEADERS) },
  };
}

// The specification's rule: the signal's path is appended to the base endpoint.
function tracesUrlOf(base: string | undefined): string | undefined {
  return base === undefined ? undefined : `${base.replace(/\/+$/, "")}/v1/traces`;
}

function parseHeaders(list: string | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const entry of list?.split(",") ?? []) {
    const separator = entry.indexOf("=");
    if (separator <= 0) continue;
    const name = safeDecode(entry.slice(0, separator).trim());
    const value = safeDecode(entry.slice(separator + 1).trim());
    if (name !== "" && value !== "") headers[name] = value;
  }
  return headers;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
