import type { ContentBlock, TaskEvent } from "@switchyard/contracts";
import type { ModelRequest } from "../model-provider";
import { buildStructuredOutputInstruction } from "./structured-output";

/**
 * The model request for a task, the same for the router's call and the
 * shadow's re-run: a structured task gets the JSON instruction (and its
 * schema) appended to its system prompt.
 */
export function buildTaskRequest(task: TaskEvent, structured: boolean): Omit<ModelRequest, "model"> {
  return {
    system: withInstruction(task.system, structured ? buildStructuredOutputInstruction(task.outputSchema) : undefined),
    messages: task.messages,
    maxTokens: task.maxTokens,
    ...(task.temperature === undefined ? {} : { temperature: task.temperature }),
    taskType: task.type,
  };
}

function withInstruction(system: TaskEvent["system"], instruction: string | undefined): string | ContentBlock[] | undefined {
  if (instruction === undefined) return system;
  if (system === undefined) return instruction;
  if (typeof system === "string") return `${system}\n\n${instruction}`;
  return [...system, { type: "text", text: instruction }];
}
