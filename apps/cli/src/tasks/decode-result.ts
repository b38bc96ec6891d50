import { decodeEvent, ResultEventSchema, type ResultEvent } from "@switchyard/contracts";
import type { IncomingMessage } from "@switchyard/kafka";

// A result carries the model's whole answer: larger than any task.
const MAX_RESULT_BYTES = 16 * 1024 * 1024;

/** A result event from the results topic, or null when the message is not one (it is skipped). */
export function decodeResult(message: IncomingMessage): ResultEvent | null {
  try {
    return decodeEvent(ResultEventSchema, message.value, { maxBytes: MAX_RESULT_BYTES });
  } catch {
    return null;
  }
}
