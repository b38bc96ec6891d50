import assert from "node:assert/strict";
import { createServer } from "node:net";
import { test } from "node:test";
import { ephemeralRangeStart, freePort } from "../src/free-port";

test("freePort hands out distinct ports below the kernel's ephemeral range, each one bindable", async () => {
  const ports: number[] = [];
  for (let index = 0; index < 20; index += 1) ports.push(await freePort());
  assert.equal(new Set(ports).size, ports.length);
  for (const port of ports) assert.ok(port < ephemeralRangeStart(), `port ${port} is in the ephemeral range`);
  const server = createServer();
  await new Promise<void>((resolveListen, reject) => {
    server.once("error", reject);
    server.listen(ports[0], "127.0.0.1", resolveListen);
  });
  await new Promise((resolveClose) => server.close(resolveClose));
});
