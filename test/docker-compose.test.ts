// docker-compose.yml cannot run here (no Docker engine), so this test checks that everything it
// names exists: each process's entry point, each environment variable in the config that reads
// it, the image it builds, and the Kafka version the local scripts pin.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { parse } from "yaml";

const root = process.env.SWITCHYARD_ROOT ?? join(__dirname, "..", "..");

interface ComposeService {
  image?: string;
  build?: { context?: string; dockerfile?: string } | string;
  command?: string[] | string;
  environment?: Record<string, string | number | boolean | null> | string[];
  depends_on?: Record<string, { condition?: string }> | string[];
  ports?: string[];
  healthcheck?: { test?: string[] | string };
  restart?: string;
}

interface ComposeFile {
  services: Record<string, ComposeService>;
}

const compose = parse(readFileSync(join(root, "docker-compose.yml"), "utf8")) as ComposeFile;
const rootPackage = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
  workspaces: string[];
  scripts: Record<string, string>;
};

/** The Switchyard processes compose must run, with the npm script that runs each one locally. */
const expectedProcesses = {
  router: "router",
  shadow: "shadow",
  "metrics-sink": "sink",
  "model-simulator": "simulator",
} as const;

/** Config sources whose exported zod schemas are shared environment fragments (each package owns its own). */
const fragmentSources = [
  "packages/platform/src/config.ts",
  "packages/contracts/src/topics.ts",
  "packages/kafka/src/kafka-environment.ts",
  "packages/clickhouse/src/clickhouse-environment.ts",
  "packages/llm/src/providers/anthropic/anthropic-environment.ts",
];

function readSource(relativePath: string): string {
  const path = join(root, relativePath);
  assert.ok(existsSync(path), `${relativePath} is missing`);
  return readFileSync(path, "utf8");
}

function environmentOf(service: ComposeService): Record<string, string> {
  const environment = service.environment ?? {};
  if (Array.isArray(environment)) {
    return Object.fromEntries(
      environment.map((entry) => {
        const [name = "", ...value] = entry.split("=");
        return [name, value.join("=")];
      }),
    );
  }
  return Object.fromEntries(Object.entries(environment).map(([name, value]) => [name, String(value ?? "")]));
}

function dependenciesOf(service: ComposeService): string[] {
  const dependsOn = service.depends_on ?? [];
  return Array.isArray(dependsOn) ? dependsOn : Object.keys(dependsOn);
}

/** Compose's `${NAME:-default}` as the value a user gets without setting NAME. */
function defaultValue(value: string): string {
  return value.replace(/\$\{[A-Z0-9_]+:?-([^}]*)\}/g, "$1").replace(/\$\{[A-Z0-9_]+\}/g, "");
}

/** Environment variable names declared as object keys (`NAME: schema`) in a config source. */
function declaredNames(source: string): Set<string> {
  return new Set([...source.matchAll(/^\s*([A-Z][A-Z0-9_]*)\s*:/gm)].map((match) => match[1] ?? ""));
}

/** Each exported `…Schema` of the shared config sources, with the names it declares. */
function readFragments(): Map<string, Set<string>> {
  const fragments = new Map<string, Set<string>>();
  for (const path of fragmentSources) {
    const source = readSource(path);
    const starts = [...source.matchAll(/^export const (\w+Schema)\b/gm)];
    starts.forEach((start, index) => {
      const end = starts[index + 1]?.index ?? source.length;
      fragments.set(start[1] ?? "", declaredNames(source.slice(start.index, end)));
    });
  }
  return fragments;
}

/** The names a workspace's src/config.ts reads: its own plus those of the fragments it uses. */
function knownEnvironment(workspace: string, fragments: Map<string, Set<string>>): Set<string> {
  const source = readSource(`${workspace}/src/config.ts`);
  const known = declaredNames(source);
  for (const [name, names] of fragments) {
    if (!new RegExp(`\\b${name}\\b`).test(source)) continue;
    for (const variable of names) known.add(variable);
  }
  return known;
}

/** `node <workspace>/dist/src/<file>.js` → the workspace and the TypeScript entry point. */
function entryPointOf(command: ComposeService["command"]): { workspace: string; source: string } {
  const parts = Array.isArray(command) ? command : (command ?? "").split(/\s+/);
  assert.equal(parts.length, 2, `command ${JSON.stringify(command)} should be ["node", "<file>.js"]`);
  assert.equal(parts[0], "node");
  const match = /^((?:packages|services|apps)\/[a-z0-9-]+)\/dist\/(src\/[a-z0-9-]+)\.js$/.exec(parts[1] ?? "");
  assert.ok(match, `command file ${parts[1]} should be <workspace>/dist/src/<name>.js`);
  return { workspace: match[1] ?? "", source: `${match[1]}/${match[2]}.ts` };
}

function projectServices(): [string, ComposeService][] {
  return Object.entries(compose.services).filter(([, service]) => service.build !== undefined);
}

describe("docker-compose.yml", () => {
  test("runs every Switchyard process from the project's image", () => {
    assert.deepEqual(
      projectServices()
        .map(([name]) => name)
        .sort(),
      Object.keys(expectedProcesses).sort(),
    );
    for (const [name, service] of projectServices()) {
      const build = typeof service.build === "string" ? { context: service.build } : (service.build ?? {});
      assert.equal(build.context, ".", `${name} builds from the repository root`);
      assert.ok(existsSync(join(root, build.dockerfile ?? "Dockerfile")), `${name}: its Dockerfile exists`);
    }
    const dockerfile = readSource("Dockerfile");
    assert.match(dockerfile, /npm ci\b/);
    assert.match(dockerfile, /npm run build\b/);
  });

  test("each command runs the built entry point of a workspace whose TypeScript source exists", () => {
    const problems: string[] = [];
    for (const [name, service] of projectServices()) {
      const { workspace, source } = entryPointOf(service.command);
      if (!rootPackage.workspaces.includes(workspace)) problems.push(`${name}: ${workspace} is not an npm workspace`);
      if (!existsSync(join(root, source))) problems.push(`${name}: ${source} is missing`);
    }
    assert.deepEqual(problems, []);
  });

  test("each command is the one the npm script for that process runs", () => {
    for (const [name, script] of Object.entries(expectedProcesses)) {
      const command = compose.services[name]?.command;
      const file = Array.isArray(command) ? command[1] : undefined;
      assert.ok(file, `${name} has a command`);
      assert.ok(rootPackage.scripts[script]?.includes(`node ${file}`), `npm run ${script} runs ${file}`);
    }
  });

  test("every environment variable is one the process's config reads", () => {
    const fragments = readFragments();
    assert.ok(fragments.get("KafkaEnvironmentSchema")?.has("KAFKA_BROKERS"), "the Kafka package's fragment was read");
    const problems: string[] = [];
    for (const [name, service] of projectServices()) {
      const { workspace } = entryPointOf(service.command);
      const config = `${workspace}/src/config.ts`;
      if (!existsSync(join(root, config))) {
        problems.push(`${name}: ${config} is missing`);
        continue;
      }
      const known = knownEnvironment(workspace, fragments);
      const unknown = Object.keys(environmentOf(service)).filter((variable) => !known.has(variable));
      if (unknown.length > 0) problems.push(`${name}: ${config} does not read ${unknown.join(", ")}`);
    }
    assert.deepEqual(problems, []);
  });

  test("addresses point at the compose services that serve them", () => {
    const kafka = environmentOf(compose.services.kafka ?? {});
    const advertised = (kafka.KAFKA_ADVERTISED_LISTENERS ?? "").split(",").map((listener) => listener.replace(/^\w+:\/\//, ""));
    const simulatorPort = environmentOf(compose.services["model-simulator"] ?? {}).SIMULATOR_PORT;
    for (const [name, service] of projectServices()) {
      const environment = environmentOf(service);
      for (const dependency of dependenciesOf(service)) {
        assert.ok(compose.services[dependency], `${name} depends on ${dependency}, which is defined`);
      }
      if (environment.KAFKA_BROKERS !== undefined) {
        assert.ok(advertised.includes(environment.KAFKA_BROKERS), `${name}: KAFKA_BROKERS is a listener the broker advertises`);
        assert.ok(dependenciesOf(service).includes("kafka"), `${name} waits for kafka`);
      }
      if (environment.CLICKHOUSE_URL !== undefined) {
        assert.equal(new URL(environment.CLICKHOUSE_URL).hostname, "clickhouse");
        assert.ok(dependenciesOf(service).includes("clickhouse"), `${name} waits for clickhouse`);
      }
      if (environment.SIMULATOR_URL !== undefined) {
        const url = new URL(defaultValue(environment.SIMULATOR_URL));
        assert.equal(url.hostname, "model-simulator", `${name}: SIMULATOR_URL is the simulator`);
        assert.equal(url.port, simulatorPort, `${name}: SIMULATOR_URL uses the simulator's port`);
      }
    }
  });

  test("runs the Kafka version that scripts/services.sh pins", () => {
    const pom = readSource("scripts/kafka/pom.xml");
    const pinned = /<kafka\.version>([^<]+)<\/kafka\.version>/.exec(pom)?.[1];
    assert.ok(pinned, "scripts/kafka/pom.xml pins kafka.version");
    assert.equal(compose.services.kafka?.image, `apache/kafka:${pinned}`);
  });
});

/** The Node.js Active LTS line: 26 (Active LTS 2026-10-28 to 2027-10-20), per the Node.js Release Working Group's schedule, checked 2026-11-30. */
const CURRENT_NODE_LTS = 26;

/** The port of a healthcheck's http://127.0.0.1:<port><path> URL, when it asks that path. */
function healthcheckPort(service: ComposeService, path: string): string | undefined {
  const test = service.healthcheck?.test;
  const text = Array.isArray(test) ? test.join(" ") : (test ?? "");
  return new RegExp(`http://127\\.0\\.0\\.1:(\\d+)${path}\\b`).exec(text)?.[1];
}

describe("docker-compose.yml cannot surprise", () => {
  test("a real API key never goes to the simulator: its URL applies only without a key", () => {
    for (const name of ["router", "shadow"]) {
      const environment = environmentOf(compose.services[name] ?? {});
      assert.equal(defaultValue(environment.ANTHROPIC_BASE_URL ?? ""), "", `${name}: ANTHROPIC_BASE_URL is empty unless the user sets it`);
      assert.ok(environment.SIMULATOR_URL, `${name}: the simulator is named by SIMULATOR_URL, which a key overrides`);
      assert.ok(!Object.values(environment).some((value) => value.includes("ANTHROPIC_API_KEY") && value.includes("model-simulator")));
    }
  });

  test("every service has a healthcheck; the project's ask /readyz on their published metrics port", () => {
    for (const [name, service] of Object.entries(compose.services)) assert.ok(service.healthcheck?.test, `${name} has a healthcheck`);
    for (const name of ["router", "shadow", "metrics-sink"]) {
      const service = compose.services[name] ?? {};
      const port = environmentOf(service).METRICS_PORT;
      assert.ok(port, `${name} sets METRICS_PORT`);
      assert.equal(healthcheckPort(service, "/readyz"), port, `${name}: the healthcheck asks /readyz on METRICS_PORT`);
      assert.ok(service.ports?.includes(`127.0.0.1:${port}:${port}`), `${name}: its metrics port is published on the host's loopback`);
    }
    const simulator = compose.services["model-simulator"] ?? {};
    assert.equal(healthcheckPort(simulator, "/healthz"), environmentOf(simulator).SIMULATOR_PORT);
  });

  test("the broker's default partition count agrees with the partitions the services create topics with", () => {
    const brokerDefault = environmentOf(compose.services.kafka ?? {}).KAFKA_NUM_PARTITIONS;
    const services = { router: "ROUTER_TOPIC_PARTITIONS", shadow: "SHADOW_TOPIC_PARTITIONS", "metrics-sink": "SINK_TOPIC_PARTITIONS" };
    for (const [name, variable] of Object.entries(services)) {
      const environment = environmentOf(compose.services[name] ?? {});
      assert.equal(environment[variable], brokerDefault, `${name}: ${variable} = KAFKA_NUM_PARTITIONS`);
      const { workspace } = entryPointOf(compose.services[name]?.command);
      const configDefault = new RegExp(`${variable}: integerSetting\\((\\d+)`).exec(readSource(`${workspace}/src/config.ts`))?.[1];
      if (configDefault !== undefined) assert.equal(configDefault, brokerDefault, `${name}: the service's own default agrees too`);
    }
  });

  test("the ClickHouse user is documented and is the one the sink connects as", () => {
    const server = environmentOf(compose.services.clickhouse ?? {});
    const sink = environmentOf(compose.services["metrics-sink"] ?? {});
    assert.equal(sink.CLICKHOUSE_USER, server.CLICKHOUSE_USER);
    assert.equal(sink.CLICKHOUSE_DATABASE, server.CLICKHOUSE_DB);
    const text = readSource("docker-compose.yml");
    assert.match(text, new RegExp(`^# ClickHouse user: .*\`${server.CLICKHOUSE_USER}\``, "m"), "the header says which user and password to use");
  });

  test("restart policies and health-based dependencies: services wait for healthy dependencies and come back alone", () => {
    for (const [name, service] of Object.entries(compose.services)) {
      assert.equal(service.restart, "unless-stopped", `${name}: restart: unless-stopped`);
      const dependsOn = service.depends_on ?? {};
      assert.ok(!Array.isArray(dependsOn), `${name}: depends_on names a condition`);
      for (const [dependency, condition] of Object.entries(dependsOn)) {
        assert.equal(condition.condition, "service_healthy", `${name} waits for ${dependency} to be healthy`);
        assert.ok(compose.services[dependency]?.healthcheck, `${dependency} has the healthcheck that condition needs`);
      }
    }
  });

  test("the image runs the current Node.js LTS in both stages", () => {
    const stages = [...readSource("Dockerfile").matchAll(/^FROM node:(\d+)-/gm)].map((match) => Number(match[1]));
    assert.deepEqual(stages, [CURRENT_NODE_LTS, CURRENT_NODE_LTS]);
  });

  test("the runtime image has no embedded engine: chdb is optional, and only the command line's", () => {
    const dockerfile = readSource("Dockerfile");
    assert.match(dockerfile, /npm prune --omit=dev --omit=optional/);
    const holders: string[] = [];
    for (const workspace of rootPackage.workspaces) {
      const manifest = JSON.parse(readSource(`${workspace}/package.json`)) as Record<string, Record<string, string> | undefined>;
      if (manifest.dependencies?.chdb !== undefined) holders.push(`${workspace} (dependencies)`);
      if (manifest.optionalDependencies?.chdb !== undefined) holders.push(`${workspace} (optional)`);
    }
    assert.deepEqual(holders, ["apps/cli (optional)"]);
  });

  test("the services never load chdb", () => {
    const probe = [
      "require('@switchyard/router'); require('@switchyard/shadow'); require('@switchyard/metrics-sink');",
      "process.stdout.write(String(Object.keys(require.cache).filter((path) => /[\\\\/]chdb[\\\\/]/.test(path)).length));",
    ].join(" ");
    const outcome = spawnSync(process.execPath, ["-e", probe], { cwd: root, encoding: "utf8" });
    assert.equal(outcome.status, 0, outcome.stderr);
    assert.equal(outcome.stdout, "0", "no chdb module in the require cache");
  });
});
