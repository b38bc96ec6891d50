import { TransportError } from "@switchyard/kafka";
import { mkdirSync } from "node:fs";
import { createEmbeddedStore, type ClickHouseStore } from "@switchyard/clickhouse";
import { DEFAULT_POLICY_TOPIC, DEFAULT_TOPICS, type TaskEvent, type TopicNames } from "@switchyard/contracts";
import { createInMemoryTransport, type InMemoryTransport } from "@switchyard/kafka";
import { createAnthropicBatchProvider, createAnthropicProvider } from "@switchyard/llm";
import { startModelSimulator, type ModelSimulator, type SimulatorConfigInput } from "@switchyard/model-simulator";
import { type Logger } from "@switchyard/platform";
import type { RoutingConfig } from "@switchyard/routing";
import { startPipeline, type Pipeline } from "./start-pipeline";

/** The database of every embedded data folder. */
export const EMBEDDED_DATABASE = "switchyard";

export interface EmbeddedPipelineOptions {
  /** The chDB data folder; created when missing. */
  dataDirectory: string;
  routing: RoutingConfig;
  simulator: SimulatorConfigInput;
  logger: Logger;
  topics?: TopicNames;
  routerMaxInFlight?: number;
  shadowMaxInFlight?: number;
}

export interface EmbeddedPipeline {
  transport: InMemoryTransport;
  store: ClickHouseStore;
  simulator: ModelSimulator;
  topics: TopicNames;
  /** The live routing policy's topic. */
  policyTopic: string;
  pipeline: Pipeline;
  submit(tasks: readonly TaskEvent[]): Promise<void>;
  /**
   * Resolves once every service has committed everything in its topics: all
   * tasks answered, all sampled pairs judged, all rows stored.
   */
  waitUntilIdle(options: { timeoutMs: number; pollMs?: number }): Promise<void>;
  /** Stops the services and the simulator; the store stays open for queries. */
  stop(): Promise<void>;
  /** stop(), then closes the store. */
  close(): Promise<void>;
}

/**
 * The whole pipeline in one process: the model simulator on an ephemeral
 * local port reached through the Anthropic SDK, the in-memory transport
 * (Kafka's delivery semantics), chDB for storage.
 */
export async function startEmbeddedPipeline(options: EmbeddedPipelineOptions): Promise<EmbeddedPipeline> {
  const topics = options.topics ?? { ...DEFAULT_TOPICS };
  mkdirSync(options.dataDirectory, { recursive: true });
  const simulator = await startModelSimulator({ port: 0, host: "127.0.0.1", config: options.simulator, logger: options.logger });
  const store = createEmbeddedStore({ path: options.dataDirectory, database: EMBEDDED_DATABASE, logger: options.logger });
  const transport = createInMemoryTransport();
  let pipeline: Pipeline;
  try {
    pipeline = await startPipeline({
      transport,
      store,
      provider: createAnthropicProvider({ apiKey: "simulator", baseUrl: simulator.url, logger: options.logger }),
      batchProvider: createAnthropicBatchProvider({ apiKey: "simulator", baseUrl: simulator.url, logger: options.logger }),
      routing: options.routing,
      topics,
      logger: options.logger,
      // Only the simulator answers here: a model's end of life does not apply.
      checkModelLifecycle: false,
      ...(options.routerMaxInFlight === undefined ? {} : { routerMaxInFlight: options.routerMaxInFlight }),
      ...(options.shadowMaxInFlight === undefined ? {} : { shadowMaxInFlight: options.shadowMaxInFlight }),
    });
  } catch (error) {
    await Promise.allSettled([simulator.close(), store.close(), transport.close()]);
    throw error;
  }
  // Each stage with the topics it consumes, in pipeline order (see waitUntilIdle).
  const stages = [
    { groupId: pipeline.groupIds.router, topics: [topics.tasks] },
    { groupId: pipeline.groupIds.shadow, topics: [topics.shadowCandidates] },
    { groupId: pipeline.groupIds.sink, topics: [topics.usage, topics.shadow] },
  ];

  const isCaughtUp = async (groupId: string, topicNames: string[]): Promise<boolean> => {
    for (const topic of topicNames) {
      const ends = new Map<number, number>();
      for (const message of await transport.readTopic(topic)) {
        ends.set(message.partition, Math.max(ends.get(message.partition) ?? 0, Number(message.offset) + 1));
      }
      for (const [partition, end] of ends) {
        if ((transport.committedOffset(groupId, { topic, partition }) ?? 0) < end) return false;
      }
    }
    return true;
  };

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await pipeline.stop();
    await transport.close();
    await simulator.close();
  };

  return {
    transport,
    store,
    simulator,
    topics,
    policyTopic: DEFAULT_POLICY_TOPIC,
    pipeline,
    submit: (tasks) => transport.publish(tasks.map((task) => ({ topic: topics.tasks, key: task.id, value: JSON.stringify(task) }))),
    async waitUntilIdle({ timeoutMs, pollMs = 100 }) {
      const deadline = Date.now() + timeoutMs;
      // Checked in pipeline order: a stage publishes before it commits, so
      // once a stage is caught up, everything it will ever send the next one
      // is already in the next stage's topics.
      for (;;) {
        let idle = true;
        for (const stage of stages) {
          if (!(await isCaughtUp(stage.groupId, stage.topics))) {
            idle = false;
            break;
          }
        }
        if (idle) return;
        if (Date.now() > deadline) {
          throw new TransportError(`the embedded pipeline did not finish within ${Math.round(timeoutMs / 1000)} s`, {
            retryable: false,
          });
        }
        await new Promise((resolve) => setTimeout(resolve, pollMs));
      }
    },
    stop,
    async close() {
      await stop();
      await store.close();
    },
  };
}
