import assert from "node:assert/strict";
import { Writable } from "node:stream";
import { describe, it } from "node:test";
import { createLogger, SwitchyardError } from "../src/index";

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(chunk.toString("utf8"));
      callback();
    },
  });
  return { lines, destination };
}

const SECRET = "sk-ant-api03-CANARY-SECRET-123";

describe("logger redaction", () => {
  it("hides secrets at any depth, in bindings, objects and errors", () => {
    const { lines, destination } = capture();
    const logger = createLogger({ name: "test", destination });
    const child = logger.child({ component: "router", credentials: { apiKey: SECRET } });
    child.info({ request: { headers: { authorization: `Bearer ${SECRET}`, "x-api-key": SECRET }, nested: [{ deeper: { password: SECRET } }] } }, "call");
    const cause = Object.assign(new Error("upstream"), { config: { headers: { Authorization: SECRET } } });
    child.error({ err: new SwitchyardError("model_error", "failed", { cause }) }, "failed");
    child.info({ kafka: { sasl: { username: "u", password: SECRET } }, clickhouse: { CLICKHOUSE_PASSWORD: SECRET } }, "config");
    const output = lines.join("");
    assert.equal(lines.length, 3);
    assert.ok(!output.includes(SECRET), output);
    assert.ok(output.includes("[redacted]"));
    assert.ok(output.includes('"component":"router"'));
    assert.ok(output.includes('"code":"model_error"'));
  });

  it("keeps prompt and completion text out unless content logging is on", () => {
    const canary = "CANARY-PROMPT-TEXT";
    const quiet = capture();
    createLogger({ name: "test", destination: quiet.destination }).info(
      { task: { system: canary, messages: [{ role: "user", content: canary }] }, text: canary },
      "task",
    );
    assert.ok(!quiet.lines.join("").includes(canary));
    assert.ok(quiet.lines.join("").includes("[content"));
    const loud = capture();
    createLogger({ name: "test", destination: loud.destination, logContent: true }).info({ text: canary }, "task");
    assert.ok(loud.lines.join("").includes(canary));
  });

  it("hides the usual secret key names, URL passwords and credentials echoed in upstream error text", () => {
    const { lines, destination } = capture();
    const logger = createLogger({ name: "test", destination });
    logger.info(
      { privateKey: SECRET, access_key: SECRET, client_secret: SECRET, sessionId: SECRET, dsn: SECRET, auth: SECRET, pwd: SECRET, passphrase: SECRET },
      "keys",
    );
    logger.info({ url: `http://default:${SECRET}@127.0.0.1:8123/`, brokers: `sasl://user:${SECRET}@broker:9092` }, "urls");
    const upstream = new Error(`400 {"error":"bad"} request headers: {"x-api-key":"${SECRET}","authorization":"Bearer ${SECRET}"}`);
    logger.error({ err: upstream, detail: `proxy said: Authorization: Bearer ${SECRET}` }, "upstream");
    const output = lines.join("");
    assert.equal(lines.length, 3);
    assert.ok(!output.includes("CANARY-SECRET"), output);
    assert.ok(output.includes("127.0.0.1:8123"), "the rest of the URL stays");
  });

  it("bounds every string a line carries", () => {
    const { lines, destination } = capture();
    createLogger({ name: "test", destination }).warn({ err: new Error("x".repeat(200_000)), reason: "y".repeat(200_000) }, "long");
    assert.ok((lines[0] ?? "").length < 20_000, `${(lines[0] ?? "").length} chars`);
  });

  it("keeps token counts, which are not secrets", () => {
    const { lines, destination } = capture();
    createLogger({ name: "test", destination }).info({ inputTokens: 12, maxTokens: 64, accessToken: SECRET }, "usage");
    const line = JSON.parse(lines[0] ?? "{}");
    assert.equal(line.inputTokens, 12);
    assert.equal(line.maxTokens, 64);
    assert.equal(line.accessToken, "[redacted]");
  });

  it("respects the level", () => {
    const { lines, destination } = capture();
    const logger = createLogger({ name: "test", level: "warn", destination });
    logger.info("hidden");
    logger.warn("shown");
    assert.equal(lines.length, 1);
    assert.equal(JSON.parse(lines[0] ?? "{}").level, "warn");
  });
});
