import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** A span as a collector receives it, decoded from OTLP/HTTP JSON. */
export interface ReceivedSpan {
  traceId: string;
  spanId: string;
  /** Empty for a root span. */
  parentSpanId: string;
  name: string;
  /** OTLP's SpanKind number: 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
  kind: number;
  serviceName: string;
  attributes: Record<string, unknown>;
  /** OTLP's status code: 0 unset, 1 ok, 2 error. */
  statusCode: number;
}

export interface OtlpReceiver {
  /** The base URL, as OTEL_EXPORTER_OTLP_ENDPOINT takes it (traces go to <url>/v1/traces). */
  url: string;
  spans: ReceivedSpan[];
  /** Requests it refused (wrong path, method, content type, or a body it could not decode). */
  refused: string[];
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 32 * 1024 * 1024;

/**
 * An in-process OTLP/HTTP traces endpoint for tests: it accepts what the
 * official JSON exporter posts to /v1/traces and keeps the decoded spans.
 */
export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const spans: ReceivedSpan[] = [];
  const refused: string[] = [];
  const server: Server = createServer((request, response) => {
    void readBody(request).then(
      (body) => {
        const contentType = request.headers["content-type"] ?? "";
        if (request.method !== "POST" || request.url !== "/v1/traces" || !contentType.startsWith("application/json")) {
          refused.push(`${request.method} ${request.url} ${contentType}`);
          response.writeHead(415).end();
          return;
        }
        try {
          spans.push(...decodeTraces(JSON.parse(body.toString("utf8"))));
        } catch (error) {
          refused.push(`undecodable body: ${String(error)}`);
          response.writeHead(400).end();
          return;
        }
        response.writeHead(200, { "content-type": "application/json" }).end("{}");
      },
      (error: unknown) => {
        refused.push(String(error));
        response.writeHead(413).end();
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    spans,
    refused,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        request.destroy();
        reject(new Error(`body over ${MAX_BODY_BYTES} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    request.on("end", () => resolve(Buffer.concat(chunks)));
    request.on("error", reject);
  });
}

interface OtlpKeyValue {
  key: string;
  value?: OtlpAnyValue;
}

interface OtlpAnyValue {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: number | string;
  doubleValue?: number;
  arrayValue?: { values?: OtlpAnyValue[] };
}

interface OtlpTraces {
  resourceSpans?: Array<{
    resource?: { attributes?: OtlpKeyValue[] };
    scopeSpans?: Array<{
      spans?: Array<{
        traceId: string;
        spanId: string;
        parentSpanId?: string;
        name: string;
        kind?: number;
        attributes?: OtlpKeyValue[];
        status?: { code?: number };
      }>;
    }>;
  }>;
}

function decodeTraces(request: OtlpTraces): ReceivedSpan[] {
  const decoded: ReceivedSpan[] = [];
  for (const resourceSpans of request.resourceSpans ?? []) {
    const resource = decodeAttributes(resourceSpans.resource?.attributes);
    for (const scopeSpans of resourceSpans.scopeSpans ?? []) {
      for (const span of scopeSpans.spans ?? []) {
        decoded.push({
          traceId: span.traceId,
          spanId: span.spanId,
          parentSpanId: span.parentSpanId ?? "",
          name: span.name,
          kind: span.kind ?? 0,
          serviceName: String(resource["service.name"] ?? ""),
          attributes: decodeAttributes(span.attributes),
          statusCode: span.status?.code ?? 0,
        });
      }
    }
  }
  return decoded;
}

function decodeAttributes(attributes: OtlpKeyValue[] | undefined): Record<string, unknown> {
  const decoded: Record<string, unknown> = {};
  for (const attribute of attributes ?? []) decoded[attribute.key] = decodeValue(attribute.value);
  return decoded;
}

function decodeValue(value: OtlpAnyValue | undefined): unknown {
  if (value === undefined) return undefined;
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.boolValue !== undefined) return value.boolValue;
  if (value.intValue !== undefined) return Number(value.intValue);
  if (value.doubleValue !== undefined) return value.doubleValue;
  if (value.arrayValue !== undefined) return (value.arrayValue.values ?? []).map(decodeValue);
  return undefined;
}
