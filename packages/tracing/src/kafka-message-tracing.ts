import { context, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type TextMapGetter, type TextMapSetter, type Tracer } from "@opentelemetry/api";
import { W3CTraceContextPropagator } from "@opentelemetry/core";
import type { IncomingMessage, MessageTracing, OutgoingMessage } from "@switchyard/kafka";
import { isSwitchyardError } from "@switchyard/platform";

const propagator = new W3CTraceContextPropagator();

const headerGetter: TextMapGetter<Record<string, string>> = {
  keys: (headers) => Object.keys(headers),
  get: (headers, key) => headers[key],
};

const headerSetter: TextMapSetter<Record<string, string>> = {
  set: (headers, key, value) => {
    headers[key] = value;
  },
};

/**
 * The consumer loop's hooks: a CONSUMER span per handled message, the child of
 * the span whose `traceparent` (and `tracestate`) the message's headers carry;
 * everything the handler does runs inside it, and what the loop publishes for
 * it carries its context on. A message without `traceparent` starts a trace.
 */
export function createKafkaMessageTracing(tracer: Tracer): MessageTracing {
  return {
    trace(message, groupId, handle) {
      const parent = propagator.extract(ROOT_CONTEXT, message.headers, headerGetter);
      const span = tracer.startSpan(`process ${message.topic}`, { kind: SpanKind.CONSUMER, attributes: messagingAttributes(message, groupId) }, parent);
      return context.with(trace.setSpan(parent, span), async () => {
        try {
          const outcome = await handle();
          if (outcome === "abandoned") span.setAttribute("switchyard.abandoned", true);
          return outcome;
        } catch (error) {
          markFailed(span, error);
          throw error;
        } finally {
          span.end();
        }
      });
    },

    inject(messages) {
      const active = context.active();
      if (trace.getSpan(active) === undefined) return [...messages];
      return messages.map((message): OutgoingMessage => {
        const headers: Record<string, string> = { ...message.headers };
        propagator.inject(active, headers, headerSetter);
        return { ...message, headers };
      });
    },

    fail(error) {
      const span = trace.getActiveSpan();
      if (span) markFailed(span, error);
    },
  };
}

// The code only: an error's message may quote the event it failed on.
function markFailed(span: NonNullable<ReturnType<typeof trace.getActiveSpan>>, error: unknown): void {
  const code = isSwitchyardError(error) ? error.code : "unhandled_error";
  span.setAttribute("error.type", code);
  span.setStatus({ code: SpanStatusCode.ERROR, message: code });
}

// OpenTelemetry messaging semantic conventions (Kafka).
function messagingAttributes(message: IncomingMessage, groupId: string): Record<string, string | number> {
  return {
    "messaging.system": "kafka",
    "messaging.operation.type": "process",
    "messaging.operation.name": "process",
    "messaging.destination.name": message.topic,
    "messaging.destination.partition.id": String(message.partition),
    "messaging.consumer.group.name": groupId,
    "messaging.kafka.offset": Number(message.offset),
    ...(message.key === null ? {} : { "messaging.kafka.message.key": message.key }),
  };
}
