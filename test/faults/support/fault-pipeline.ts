import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { UsageEventSchema, type ResultEvent, type TopicNames, type UsageEvent } from "@switchyard/contracts";
import { ClickHouseProbe } from "./clickhouse-probe";
import {
  MANIFEST_DIRECTORY,
  RUN_DIRECTORY,
  SHARED_BROKERS,
  SHARED_CLICKHOUSE_URL,
  LOG_DIRECTORY,
  ensureRunDirectories,
  runSecrets,
  sleep,
  uniqueSuffix,
  waitUntil,
  type RunSecrets,
} from "./fault-environment";
import { KafkaProbe, type OutgoingProbeMessage, type ProbedMessage, type TopicWatcher } from "./kafka-probe";
import type { SimulatorStats } from "@switchyard/model-simulator";
import { isRetriableKafkaError } from "@switchyard/kafka";
import { SERVICE_SCRIPTS, ServiceProcess, SimulatorProcess, topicEnvironment, topicNames } from "@switchyard/test-support";

export interface PipelineOptions {
  /** A short slug: names topics, groups, the database and the log files. */
  scenario: string;
  brokers?: string;
  clickhouseUrl?: string;
  /** CLICKHOUSE_CLUSTER of the sink: clickhouseUrl is then one replica of that cluster. */
  clickhouseCluster?: string;
  /** Partitions of every topic. Default 6. */
  partitions?: number;
  /** The simulator's configuration at start (SIMULATOR_CONFIG). */
  simulator?: Record<string, unknown>;
  /** Merged over the scenario's routing config file. */
  routing?: Record<string, unknown>;
  /** Extra environment of every router started. */
  routerEnvironment?: Record<string, string>;
  /** Start the shadow consumer and the metrics sink (default true). */
  shadow?: boolean;
  sink?: boolean;
  /**
   * Create the topics and start the shadow and the sink before the scenario
   * begins (default true). false: the topics stay fresh (the services create
   * them), nothing but the simulator starts, and the scenario calls
   * startTogether() and then watchResults().
   */
  prepare?: boolean;
}

export interface PipelineNames {
  topics: TopicNames;
  routerGroup: string;
  shadowGroup: string;
  sinkGroup: string;
  database: string;
}

/**
 * One scenario's Switchyard: the simulator, routers, the shadow consumer and
 * the metrics sink as separate processes on their own topics, groups and
 * ClickHouse database, plus the probes that feed tasks in and read back.
 */
export class FaultPipeline {
  readonly names: PipelineNames;
  readonly probe: KafkaProbe;
  readonly clickhouse: ClickHouseProbe;
  readonly secrets: RunSecrets;
  readonly routers: ServiceProcess[] = [];
  readonly processes: ServiceProcess[] = [];
  simulator!: ServiceProcess;
  simulatorUrl = "";
  private simulatorProcess!: SimulatorProcess;
  shadow: ServiceProcess | null = null;
  sink: ServiceProcess | null = null;
  /** Results as they arrive, by task id (live; the final counts read the topic again). */
  readonly liveResults = new Map<string, number>();
  private resultWatcher: TopicWatcher | null = null;
  private readonly configPath: string;

  private constructor(readonly options: PipelineOptions) {
    ensureRunDirectories();
    const suffix = uniqueSuffix();
    const base = `faults.${options.scenario}.${suffix}`;
    this.names = {
      topics: topicNames(base),
      routerGroup: `${base}.router`,
      shadowGroup: `${base}.shadow`,
      sinkGroup: `${base}.sink`,
      database: `faults_${options.scenario.replace(/[^A-Za-z0-9]/g, "_")}_${suffix}`,
    };
    this.probe = new KafkaProbe(this.brokers.split(","));
    this.clickhouse = new ClickHouseProbe(this.clickhouseUrl);
    this.secrets = runSecrets();
    // Shadow outputs are not stored: no prompt or answer text may reach ClickHouse.
    this.configPath = join(RUN_DIRECTORY, `routing-config.${options.scenario}.json`);
    writeFileSync(this.configPath, JSON.stringify({ shadow: { storeOutputs: false, defaultRate: 0.1 }, ...options.routing }));
  }

  get brokers(): string {
    return this.options.brokers ?? SHARED_BROKERS;
  }

  get clickhouseUrl(): string {
    return this.options.clickhouseUrl ?? SHARED_CLICKHOUSE_URL;
  }

  static async start(options: PipelineOptions): Promise<FaultPipeline> {
    const pipeline = new FaultPipeline(options);
    const prepare = options.prepare ?? true;
    if (prepare) await pipeline.probe.createTopics(Object.values(pipeline.names.topics), options.partitions ?? 6);
    writeFileSync(
      join(MANIFEST_DIRECTORY, `${options.scenario}.json`),
      JSON.stringify({ names: pipeline.names, brokers: pipeline.brokers, clickhouseUrl: pipeline.clickhouseUrl }),
    );
    await pipeline.startSimulator(options.simulator ?? {});
    if (!prepare) return pipeline;
    await pipeline.watchResults();
    if (options.sink ?? true) pipeline.sink = pipeline.startSink();
    if (options.shadow ?? true) pipeline.shadow = pipeline.startShadow();
    return pipeline;
  }

  /** Follows the results topic into liveResults (once it exists). */
  async watchResults(): Promise<void> {
    this.resultWatcher = await this.probe.watch(this.names.topics.results, (message) => {
      if (message.key !== null) this.liveResults.set(message.key, (this.liveResults.get(message.key) ?? 0) + 1);
    });
  }

  /** The router, the shadow and the sink spawned at the same moment, as a deployment starts them. */
  startTogether(): ServiceProcess[] {
    this.sink = this.startSink();
    this.shadow = this.startShadow();
    return [this.startRouter(), this.shadow, this.sink];
  }

  private commonEnvironment(): Record<string, string> {
    const { topics } = this.names;
    return {
      KAFKA_BROKERS: this.brokers,
      ...topicEnvironment(topics),
      METRICS_PORT: "0",
      SWITCHYARD_CONFIG: this.configPath,
    };
  }

  private modelEnvironment(): Record<string, string> {
    return { ANTHROPIC_API_KEY: this.secrets.apiKey, ANTHROPIC_BASE_URL: this.simulatorUrl };
  }

  private async startSimulator(config: Record<string, unknown>): Promise<void> {
    this.simulatorProcess = await SimulatorProcess.start({
      name: `${this.options.scenario}.simulator`,
      logDirectory: LOG_DIRECTORY,
      // Only the fake key is accepted: proves the services really send it.
      config: { apiKeys: [this.secrets.apiKey], ...config },
    });
    this.simulator = this.track(this.simulatorProcess.process);
    this.simulatorUrl = this.simulatorProcess.url;
  }

  private startService(kind: "router" | "shadow" | "sink", environment: Record<string, string>): ServiceProcess {
    return ServiceProcess.start({ script: SERVICE_SCRIPTS[kind], name: `${this.options.scenario}.${kind}`, logDirectory: LOG_DIRECTORY, environment });
  }

  private track(process: ServiceProcess): ServiceProcess {
    this.processes.push(process);
    return process;
  }

  /** Starts one more router process in the scenario's group. */
  startRouter(extraEnvironment: Record<string, string> = {}): ServiceProcess {
    const router = this.startService("router", {
      ...this.commonEnvironment(),
      ...this.modelEnvironment(),
      ROUTER_GROUP_ID: this.names.routerGroup,
      ROUTER_TOPIC_PARTITIONS: String(this.options.partitions ?? 6),
      ...this.options.routerEnvironment,
      ...extraEnvironment,
    });
    this.routers.push(router);
    return this.track(router);
  }

  startShadow(): ServiceProcess {
    return this.track(
      this.startService("shadow", {
        ...this.commonEnvironment(),
        ...this.modelEnvironment(),
        SHADOW_GROUP_ID: this.names.shadowGroup,
        SHADOW_TOPIC_PARTITIONS: String(this.options.partitions ?? 6),
      }),
    );
  }

  startSink(): ServiceProcess {
    return this.track(
      this.startService("sink", {
        ...this.commonEnvironment(),
        CLICKHOUSE_URL: this.clickhouseUrl,
        CLICKHOUSE_DATABASE: this.names.database,
        ...(this.options.clickhouseCluster ? { CLICKHOUSE_CLUSTER: this.options.clickhouseCluster } : {}),
        SINK_GROUP_ID: this.names.sinkGroup,
        SINK_BATCH_MAX_WAIT_MS: "500",
        SINK_TOPIC_PARTITIONS: String(this.options.partitions ?? 6),
        // Short backoff ceilings: the sink should notice a returning ClickHouse within seconds.
        SINK_RETRY_MAX_DELAY_MS: "2000",
      }),
    );
  }

  simulatorStats(): Promise<SimulatorStats> {
    return this.simulatorProcess.stats();
  }

  async setSimulatorConfig(change: Record<string, unknown>): Promise<void> {
    const response = await fetch(`${this.simulatorUrl}/_simulator/config`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(change),
    });
    if (!response.ok) throw new Error(`simulator config: HTTP ${response.status} ${await response.text()}`);
  }

  async sendTasks(messages: OutgoingProbeMessage[]): Promise<void> {
    await this.probe.send(this.names.topics.tasks, messages);
  }

  /** Sends `messages` spread evenly over `durationMs` (a steady stream rather than one burst). */
  async sendTasksPaced(messages: OutgoingProbeMessage[], durationMs: number, chunk = 20): Promise<void> {
    const started = Date.now();
    for (let start = 0; start < messages.length; start += chunk) {
      const due = started + (durationMs * start) / messages.length;
      const wait = due - Date.now();
      if (wait > 0) await sleep(wait);
      await this.sendTasks(messages.slice(start, start + chunk));
    }
  }

  /** Waits until every id has at least one result (live view). */
  async waitForResults(ids: readonly string[], timeoutMs: number): Promise<void> {
    await waitUntil(
      () => ids.every((id) => this.liveResults.has(id)),
      `every one of ${ids.length} tasks has a result`,
      timeoutMs,
      () => `${ids.filter((id) => this.liveResults.has(id)).length} of ${ids.length} answered; processes: ${this.describeProcesses()}`,
    );
  }

  describeProcesses(): string {
    return this.processes.map((process) => `${process.name}[${process.pid}]=${process.describeExit()}`).join(", ");
  }

  /** Waits until a group has committed up to the end of every partition of a topic. */
  async waitForGroupCaughtUp(groupId: string, topic: string, timeoutMs: number): Promise<void> {
    let lag = -1n;
    await waitUntil(
      async () => {
        let ends: Map<number, bigint>;
        let committed: Map<number, bigint>;
        try {
          [ends, committed] = await Promise.all([this.probe.endOffsets(topic), this.probe.committedOffsets(groupId, topic)]);
        } catch (error) {
          // A partition's leadership moving (a broker of a cluster restarting) answers NOT_LEADER for a moment: ask again.
          if (isRetriableKafkaError(error)) return false;
          throw error;
        }
        lag = 0n;
        for (const [partition, end] of ends) lag += end - (committed.get(partition) ?? 0n);
        return lag === 0n;
      },
      `group ${groupId} caught up on ${topic}`,
      timeoutMs,
      () => `lag ${lag}`,
    );
  }

  /** Waits until the shadow and the sink have consumed everything the routers published. */
  async waitForDownstream(timeoutMs: number): Promise<void> {
    const { topics } = this.names;
    if (this.shadow) await this.waitForGroupCaughtUp(this.names.shadowGroup, topics.shadowCandidates, timeoutMs);
    if (this.sink) {
      await this.waitForGroupCaughtUp(this.names.sinkGroup, topics.usage, timeoutMs);
      await this.waitForGroupCaughtUp(this.names.sinkGroup, topics.shadow, timeoutMs);
    }
  }

  async readResults(): Promise<ResultEvent[]> {
    return (await this.probe.readAll(this.names.topics.results)).map((message) => parseJson<ResultEvent>(message));
  }

  async readUsage(): Promise<UsageEvent[]> {
    // Malformed events planted by a scenario are not usage: the sink dead-letters them.
    return (await this.probe.readAll(this.names.topics.usage)).flatMap((message) => {
      try {
        const parsed = UsageEventSchema.safeParse(parseJson<unknown>(message));
        return parsed.success ? [parsed.data] : [];
      } catch {
        return [];
      }
    });
  }

  async readDeadLetters(): Promise<ProbedMessage[]> {
    return this.probe.readAll(this.names.topics.deadLetters);
  }

  async readTasks(): Promise<ProbedMessage[]> {
    return this.probe.readAll(this.names.topics.tasks);
  }

  /** Stops every service process still running (SIGTERM first), the simulator last. */
  async stopProcesses(): Promise<void> {
    await Promise.all(this.processes.filter((process) => process !== this.simulator).map((process) => process.stop()));
    await this.simulator.stop();
  }

  /** Stops every process still running (SIGTERM first), then the probes; with `cleanUp`, drops topics, groups and the database. */
  async stop(cleanUp: boolean): Promise<void> {
    await this.stopProcesses();
    await this.resultWatcher?.stop();
    if (cleanUp && process.env.FAULTS_KEEP !== "1") {
      await this.probe.deleteTopics(Object.values(this.names.topics)).catch(() => undefined);
      await this.probe.deleteGroups([this.names.routerGroup, this.names.shadowGroup, this.names.sinkGroup]);
      await this.clickhouse.dropDatabase(this.names.database).catch(() => undefined);
    }
    await this.probe.close();
    await this.clickhouse.close();
  }
}

function parseJson<Value>(message: ProbedMessage): Value {
  return JSON.parse(message.value?.toString("utf8") ?? "null") as Value;
}
