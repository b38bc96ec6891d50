import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { SERVER_KEEP_ALIVE } from "../src/index";

// ClickHouse closes an idle HTTP connection after keep_alive_timeout: 3 s by default up to 23.x
// (18.16, the server here, answers "Keep-Alive: timeout=3").
const SERVER_KEEP_ALIVE_TIMEOUT_MS = 3_000;

describe("keep-alive towards the ClickHouse server", () => {
  it("drops idle sockets long before the server closes them, and checks their age when one is taken", () => {
    // The margin is what a late event loop may eat: reading an answer late starts the idle time late.
    assert.ok(SERVER_KEEP_ALIVE.idle_socket_ttl <= SERVER_KEEP_ALIVE_TIMEOUT_MS - 2_000, `idle_socket_ttl ${SERVER_KEEP_ALIVE.idle_socket_ttl} ms`);
    assert.equal(SERVER_KEEP_ALIVE.eagerly_destroy_stale_sockets, true, "a stale socket is dropped when taken, not only when its timer runs");
  });
});
