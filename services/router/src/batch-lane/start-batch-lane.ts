import type { ConsumerLoop } from "@switchyard/kafka";
import { BatchLane, type BatchLaneOptions } from "./batch-lane";

/** How often batches whose tasks are all committed are marked done on the batches topic. */
const MARK_COMMITTED_INTERVAL_MS = 5_000;

/**
 * Starts the batch lane (it reads the batches topic to its end first, so a
 * restarted router knows every batch in flight before it consumes a task)
 * and ties it to the router's consumer loop: committed offsets mark batches
 * done, and stopping the loop stops the lane.
 */
export async function startBatchLane(options: BatchLaneOptions): Promise<{ lane: BatchLane; follow(loop: ConsumerLoop): ConsumerLoop }> {
  const lane = new BatchLane(options);
  await lane.start();
  return {
    lane,
    follow(loop) {
      const timer = setInterval(() => {
        lane
          .markCommitted(loop.stats().committed)
          .catch((error: unknown) => options.logger.warn({ err: error }, "marking committed batches done failed; trying again"));
      }, MARK_COMMITTED_INTERVAL_MS);
      return {
        isReady: () => loop.isReady(),
        stats: () => loop.stats(),
        async stop(stopOptions) {
          clearInterval(timer);
          await loop.stop(stopOptions);
          await lane.stop();
        },
      };
    },
  };
}
