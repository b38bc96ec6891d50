import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { loadSinkConfig } from "@switchyard/metrics-sink";
import { loadRouterConfig } from "@switchyard/router";
import { loadShadowConfig } from "@switchyard/shadow";
import { resolvePipelineSettings } from "../src/index";

// The Kafka services read their settings from an environment with nothing
// set; the embedded pipeline takes no options: both must land on the same values.
describe("the embedded pipeline and the Kafka services start from the same defaults", () => {
  const embedded = resolvePipelineSettings({});

  it("router", () => {
    const service = loadRouterConfig({});
    assert.deepEqual(embedded.router, {
      groupId: service.groupId,
      maxInFlight: service.maxInFlight,
      maxTaskBytes: service.maxTaskBytes,
      maxCandidateBytes: service.maxCandidateBytes,
      retryPolicy: {
        maxAttempts: service.retry.maxAttemptsPerModel,
        baseDelayMs: service.retry.baseDelayMs,
        maxDelayMs: service.retry.maxDelayMs,
        maxRetryAfterMs: service.retry.maxRetryAfterMs,
        attemptTimeoutMs: service.retry.attemptTimeoutMs,
      },
    });
  });

  it("shadow", () => {
    const service = loadShadowConfig({});
    assert.equal(embedded.shadow.groupId, service.groupId);
    assert.equal(embedded.shadow.maxInFlight, service.maxInFlight);
    assert.equal(embedded.shadow.retryPolicy.maxAttempts, service.maxAttemptsPerModel);
    assert.equal(embedded.shadow.retryPolicy.attemptTimeoutMs, service.attemptTimeoutMs);
  });

  it("metrics sink", () => {
    const service = loadSinkConfig({});
    assert.deepEqual(
      { groupId: embedded.sink.groupId, batch: embedded.sink.batch, maxEventBytes: embedded.sink.maxEventBytes },
      {
        groupId: service.groupId,
        batch: service.batch,
        maxEventBytes: service.maxEventBytes,
      },
    );
  });

  it("an override wins over the defaults", () => {
    const settings = resolvePipelineSettings({ routerMaxInFlight: 3, groupIds: { sink: "other" } });
    assert.equal(settings.router.maxInFlight, 3);
    assert.equal(settings.sink.groupId, "other");
    assert.equal(settings.shadow.groupId, loadShadowConfig({}).groupId);
  });
});
