import { DEAD_LETTER_HEADERS } from "@switchyard/contracts";
import { boundText, describeError, isSwitchyardError, redactText } from "@switchyard/platform";
import type { IncomingMessage, OutgoingMessage } from "./message";

const MAX_REASON_LENGTH = 1000;

export interface DeadLetterInput {
  message: IncomingMessage;
  error: unknown;
  deadLetterTopic: string;
  consumerGroup: string;
  failedAt: Date;
  taskId?: string | undefined;
}

/**
 * The dead letter of a message: its original key and bytes, its original
 * headers, and the DEAD_LETTER_HEADERS that say why and where it came from.
 */
export function buildDeadLetter(input: DeadLetterInput): OutgoingMessage {
  const { message, error } = input;
  const headers: Record<string, string> = {
    ...message.headers,
    [DEAD_LETTER_HEADERS.errorClass]: error instanceof Error ? error.name : typeof error,
    [DEAD_LETTER_HEADERS.errorCode]: isSwitchyardError(error) ? error.code : "unhandled_error",
    [DEAD_LETTER_HEADERS.reason]: boundText(redactText(describeError(error)), MAX_REASON_LENGTH),
    [DEAD_LETTER_HEADERS.sourceTopic]: message.topic,
    [DEAD_LETTER_HEADERS.sourcePartition]: String(message.partition),
    [DEAD_LETTER_HEADERS.sourceOffset]: message.offset,
    [DEAD_LETTER_HEADERS.consumerGroup]: input.consumerGroup,
    [DEAD_LETTER_HEADERS.failedAt]: input.failedAt.toISOString(),
  };
  // A header from the original message must not pass for ours.
  delete headers[DEAD_LETTER_HEADERS.taskId];
  if (input.taskId !== undefined) headers[DEAD_LETTER_HEADERS.taskId] = input.taskId;
  return {
    topic: input.deadLetterTopic,
    key: message.key,
    value: message.value ?? Buffer.alloc(0),
    headers,
  };
}
