import { spawn } from "node:child_process";
import { closeSync, mkdirSync, openSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Kafka, logLevel, type Admin } from "kafkajs";
import { ROOT, RUN_DIRECTORY, waitUntil } from "../../faults/support/fault-environment";

const SCRIPT = join(ROOT, "scripts", "cluster", "kafka-cluster.sh");
const HOST = process.env.SWITCHYARD_CLUSTER_KAFKA_HOST ?? "127.0.0.1";
const BASE_PORT = Number(process.env.SWITCHYARD_CLUSTER_KAFKA_PORT ?? "29092");
export const BROKER_IDS = [1, 2, 3] as const;
export type BrokerId = (typeof BROKER_IDS)[number];

/** The three-broker cluster of scripts/cluster/kafka-cluster.sh (the suite's runner starts it). */
export const CLUSTER_BROKERS = BROKER_IDS.map((id) => `${HOST}:${BASE_PORT + id - 1}`).join(",");

/**
 * The cluster's brokers, started, stopped and SIGKILLed through
 * scripts/cluster/kafka-cluster.sh, and its partition leaders and in-sync
 * replicas through an admin client of its own.
 */
export class KafkaCluster {
  private constructor(private readonly admin: Admin) {}

  static async connect(): Promise<KafkaCluster> {
    const kafka = new Kafka({
      clientId: "switchyard-cluster-probe",
      brokers: CLUSTER_BROKERS.split(","),
      connectionTimeout: 3_000,
      retry: { initialRetryTime: 300, maxRetryTime: 5_000, retries: 30 },
      logLevel: logLevel.NOTHING,
    });
    const admin = kafka.admin();
    await admin.connect();
    return new KafkaCluster(admin);
  }

  close(): Promise<void> {
    return this.admin.disconnect();
  }

  /** The leader's node id of every partition of a topic (-1: none). */
  async leaders(topic: string): Promise<Map<number, number>> {
    const metadata = await this.admin.fetchTopicMetadata({ topics: [topic] });
    return new Map((metadata.topics[0]?.partitions ?? []).map((partition) => [partition.partitionId, partition.leader]));
  }

  async replication(topic: string): Promise<{ replicas: number[]; minInsyncReplicas: string | undefined }> {
    const metadata = await this.admin.fetchTopicMetadata({ topics: [topic] });
    const described = await this.admin.describeConfigs({ resources: [{ type: 2, name: topic }], includeSynonyms: false });
    return {
      replicas: (metadata.topics[0]?.partitions ?? []).map((partition) => partition.replicas.length),
      minInsyncReplicas: described.resources[0]?.configEntries.find((entry) => entry.configName === "min.insync.replicas")?.configValue,
    };
  }

  /** All three brokers registered and every partition of these topics with its full replica set in sync. */
  async waitUntilWhole(topics: readonly string[], timeoutMs = 180_000): Promise<void> {
    let state = "";
    await waitUntil(
      async () => {
        const { brokers } = await this.admin.describeCluster();
        const metadata = await this.admin.fetchTopicMetadata({ topics: [...topics] });
        const behind = metadata.topics.flatMap((topic) =>
          topic.partitions.filter((partition) => partition.isr.length < partition.replicas.length || partition.leader < 0).map(() => topic.name),
        );
        state = `${brokers.length} brokers, ${behind.length} partitions not fully in sync`;
        return brokers.length === BROKER_IDS.length && behind.length === 0;
      },
      "the cluster is whole again",
      timeoutMs,
      () => state,
    );
  }

  start(id: BrokerId): Promise<void> {
    return runScript("start", id);
  }

  /** SIGTERM: a controlled shutdown (leadership moves first). */
  stop(id: BrokerId): Promise<void> {
    return runScript("stop", id);
  }

  kill(id: BrokerId): Promise<void> {
    return runScript("kill", id);
  }
}

function runScript(command: string, id: BrokerId): Promise<void> {
  const directory = join(RUN_DIRECTORY, "cluster");
  mkdirSync(directory, { recursive: true });
  const outputPath = join(directory, "kafka-cluster-script.out");
  const descriptor = openSync(outputPath, "a");
  const child = spawn("bash", [SCRIPT, command, String(id)], { cwd: ROOT, stdio: ["ignore", descriptor, descriptor] });
  closeSync(descriptor);
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => {
      if (code === 0) resolve();
      else reject(new Error(`kafka-cluster.sh ${command} ${id} exited with ${String(code)}:\n${readFileSync(outputPath, "utf8").slice(-3000)}`));
    });
  });
}
