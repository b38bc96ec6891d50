import { test } from "node:test";
import assert from "node:assert/strict";
import type net from "node:net";
import { createSocketFactory } from "../src/create-socket-factory";

function recordingSocket(calls: string[]): net.Socket {
  return {
    setKeepAlive: (enable: boolean, delayMs: number) => calls.push(`keepAlive ${enable} ${delayMs}`),
    setNoDelay: (noDelay: boolean) => calls.push(`noDelay ${noDelay}`),
  } as unknown as net.Socket;
}

test("kafka sockets send each request at once (no Nagle) and keep alive, plaintext and TLS", () => {
  const calls: string[] = [];
  const factory = createSocketFactory({
    connect: (options) => {
      calls.push(`connect ${JSON.stringify(options)}`);
      return recordingSocket(calls);
    },
    connectTls: (options) => {
      calls.push(`tls ${JSON.stringify(options)}`);
      return recordingSocket(calls);
    },
  });
  const onConnect = () => undefined;
  factory({ host: "127.0.0.1", port: 9092, ssl: undefined as never, onConnect });
  factory({ host: "broker.example", port: 9093, ssl: { rejectUnauthorized: true }, onConnect });
  assert.deepEqual(calls, [
    'connect {"host":"127.0.0.1","port":9092}',
    "keepAlive true 60000",
    "noDelay true",
    'tls {"host":"broker.example","port":9093,"servername":"broker.example","rejectUnauthorized":true}',
    "keepAlive true 60000",
    "noDelay true",
  ]);
});
