import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseEnvironment } from "@switchyard/platform";
import { TracingEnvironmentSchema, tracingOptionsFromEnvironment } from "../src/tracing-environment";

const optionsOf = (environment: Record<string, string>) =>
  tracingOptionsFromEnvironment(parseEnvironment(TracingEnvironmentSchema, environment), "switchyard-router");

describe("tracing options from the environment", () => {
  it("is off without an OTLP endpoint, or with an empty one", () => {
    assert.equal(optionsOf({}), null);
    assert.equal(optionsOf({ OTEL_EXPORTER_OTLP_ENDPOINT: "", OTEL_SERVICE_NAME: "x" }), null);
  });

  it("posts to <base>/v1/traces for OTEL_EXPORTER_OTLP_ENDPOINT, and to the traces endpoint as given when set", () => {
    assert.equal(optionsOf({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318/" })?.tracesUrl, "http://collector:4318/v1/traces");
    assert.equal(
      optionsOf({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318", OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: "https://traces.example:443/custom" })?.tracesUrl,
      "https://traces.example:443/custom",
    );
  });

  it("names the service, and OTEL_SERVICE_NAME overrides the name", () => {
    assert.equal(optionsOf({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://c:4318" })?.serviceName, "switchyard-router");
    assert.equal(optionsOf({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://c:4318", OTEL_SERVICE_NAME: "router-eu" })?.serviceName, "router-eu");
  });

  it("reads the exporter headers, the traces ones winning", () => {
    const options = optionsOf({
      OTEL_EXPORTER_OTLP_ENDPOINT: "http://c:4318",
      OTEL_EXPORTER_OTLP_HEADERS: "authorization=Basic%20abc, x-team=ads,broken",
      OTEL_EXPORTER_OTLP_TRACES_HEADERS: "x-team=search",
    });
    assert.deepEqual(options?.headers, { authorization: "Basic abc", "x-team": "search" });
  });

  it("is off with OTEL_SDK_DISABLED=true, and refuses what is not an http(s) URL", () => {
    assert.equal(optionsOf({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://c:4318", OTEL_SDK_DISABLED: "true" }), null);
    assert.throws(() => optionsOf({ OTEL_EXPORTER_OTLP_ENDPOINT: "grpc://c:4317" }), /OTEL_EXPORTER_OTLP_ENDPOINT/);
  });
});
