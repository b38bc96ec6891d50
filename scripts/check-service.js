#!/usr/bin/env node
// Readiness probes for scripts/services.sh; exit 0 when the service answers a real request.
//   node scripts/check-service.js kafka <host:port[,host:port]>   kafkajs admin.listTopics()
//   node scripts/check-service.js clickhouse <http url>           GET /ping == "Ok." and SELECT 1
//                                        (CLICKHOUSE_USER / CLICKHOUSE_PASSWORD are used when set)
// Exit codes: 0 ready, 1 not ready (reason on stderr), 2 kafkajs is not installed (run npm ci).
"use strict";
/* global fetch, AbortSignal */

const [service, target] = process.argv.slice(2);

function fail(message, code = 1) {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

async function checkKafka(brokers) {
  let kafkajs;
  try {
    kafkajs = require("kafkajs");
  } catch {
    fail("kafkajs is not installed yet (run npm ci)", 2);
  }
  const kafka = new kafkajs.Kafka({
    clientId: "switchyard-services-check",
    brokers: brokers.split(","),
    connectionTimeout: 2000,
    requestTimeout: 5000,
    retry: { retries: 0 },
    logLevel: kafkajs.logLevel.NOTHING,
  });
  const admin = kafka.admin();
  try {
    await admin.connect();
    await admin.listTopics();
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

async function checkClickHouse(url) {
  const base = url.replace(/\/+$/, "");
  const headers = {};
  if (process.env.CLICKHOUSE_USER) headers["X-ClickHouse-User"] = process.env.CLICKHOUSE_USER;
  if (process.env.CLICKHOUSE_PASSWORD) headers["X-ClickHouse-Key"] = process.env.CLICKHOUSE_PASSWORD;
  const ping = await fetch(`${base}/ping`, { signal: AbortSignal.timeout(3000) });
  const pong = await ping.text();
  if (pong.trim() !== "Ok.") throw new Error(`/ping answered ${ping.status} ${JSON.stringify(pong.slice(0, 80))}`);
  const query = await fetch(`${base}/`, { method: "POST", body: "SELECT 1", headers, signal: AbortSignal.timeout(5000) });
  const answer = await query.text();
  if (!query.ok || answer.trim() !== "1") throw new Error(`SELECT 1 answered ${query.status} ${JSON.stringify(answer.slice(0, 200))}`);
}

const checks = { kafka: checkKafka, clickhouse: checkClickHouse };
const check = checks[service];
if (!check || !target) fail("usage: check-service.js kafka <brokers> | clickhouse <url>");
check(target).then(
  () => process.exit(0),
  (error) => fail(error instanceof Error ? error.message : String(error)),
);
