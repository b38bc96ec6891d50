import type { TaskEvent } from "@switchyard/contracts";
import { boundText, describeError } from "@switchyard/platform";
import { InvalidEventError } from "@switchyard/contracts";

/**
 * Runs the part of decoding that follows the contract check (routing, schema
 * compilation). Whatever it throws becomes InvalidEventError with the task's
 * id: a task whose id was read always gets a result, never a bare dead letter.
 */
export function decodeRoutedTask<Routed>(task: TaskEvent, decode: () => Routed): Routed {
  try {
    return decode();
  } catch (error) {
    if (error instanceof InvalidEventError) {
      if (error.taskId !== undefined) throw error;
      throw new InvalidEventError(error.code as ConstructorParameters<typeof InvalidEventError>[0], error.message, { taskId: task.id, cause: error });
    }
    throw new InvalidEventError("event_invalid", `task cannot be routed: ${boundText(describeError(error), 200)}`, { taskId: task.id, cause: error });
  }
}
