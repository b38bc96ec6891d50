import type { ResultEvent } from "@switchyard/contracts";

/**
 * Kafka's default message.max.bytes is 1,048,588 per record batch; this leaves
 * room for the batch's own overhead and headers.
 */
export const DEFAULT_MAX_RESULT_BYTES = 1_000_000;
/** Metadata kept on a result cut down to fit: enough to route it, never the whole of a hostile map. */
const MAX_KEPT_METADATA_BYTES = 16 * 1024;

/**
 * The result as it will be published: unchanged when it fits in `maxBytes`,
 * otherwise an error result (output_invalid) that says so, without the
 * answer, keeping usage, cost and routing (the calls happened) and the
 * metadata when it is small. A result the broker would refuse can never be
 * delivered: its caller gets this instead of nothing.
 */
export function boundResultEvent(result: ResultEvent, maxBytes = DEFAULT_MAX_RESULT_BYTES): { value: string; cut: boolean; bytes: number } {
  const value = JSON.stringify(result);
  const bytes = Buffer.byteLength(value);
  if (bytes <= maxBytes) return { value, cut: false, bytes };
  const metadataBytes = Buffer.byteLength(JSON.stringify(result.metadata));
  const { text: _text, json: _json, ...rest } = result;
  const replacement: ResultEvent = {
    ...rest,
    status: "error",
    error: { type: "output_invalid", message: `the result is ${bytes} bytes, over the limit of ${maxBytes}: the answer is not delivered` },
    metadata: metadataBytes <= MAX_KEPT_METADATA_BYTES ? result.metadata : {},
  };
  return { value: JSON.stringify(replacement), cut: true, bytes };
}
