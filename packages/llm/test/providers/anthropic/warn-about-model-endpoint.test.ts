import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ConfigurationError, parseEnvironment, type Logger } from "@switchyard/platform";
import { AnthropicEnvironmentSchema, resolveModelEndpoint, warnAboutModelEndpoint } from "../../../src/index";

function capture(): { logger: Logger; warnings: Array<{ baseUrl: unknown; message: string }> } {
  const warnings: Array<{ baseUrl: unknown; message: string }> = [];
  const logger = { warn: (fields: { baseUrl: unknown }, message: string) => warnings.push({ baseUrl: fields.baseUrl, message }) } as unknown as Logger;
  return { logger, warnings };
}

describe("where model calls go", () => {
  it("with a key, the simulator URL does not apply: the key goes to the SDK's default, and nothing is said", () => {
    const endpoint = resolveModelEndpoint({ ANTHROPIC_API_KEY: "sk-ant-test", SIMULATOR_URL: "http://model-simulator:8787" });
    assert.equal(endpoint.baseUrl, undefined);
    const { logger, warnings } = capture();
    assert.equal(warnAboutModelEndpoint(endpoint, logger), null);
    assert.deepEqual(warnings, []);
  });

  it("a key sent to a URL that is not Anthropic's API is a warning naming the URL", () => {
    const endpoint = resolveModelEndpoint({ ANTHROPIC_API_KEY: "sk-ant-test", ANTHROPIC_BASE_URL: "http://model-simulator:8787" });
    const { logger, warnings } = capture();
    const warning = warnAboutModelEndpoint(endpoint, logger);
    assert.match(warning ?? "", /ANTHROPIC_API_KEY is sent to http:\/\/model-simulator:8787, which is not Anthropic's API/);
    assert.deepEqual(warnings, [{ baseUrl: "http://model-simulator:8787", message: warning }]);
    assert.doesNotMatch(JSON.stringify(warnings), /sk-ant-test/, "the key itself is never logged");
  });

  it("the real API's URL given explicitly is fine; no key means the simulator, said once", () => {
    const { logger, warnings } = capture();
    assert.equal(
      warnAboutModelEndpoint(resolveModelEndpoint({ ANTHROPIC_API_KEY: "sk-ant-test", ANTHROPIC_BASE_URL: "https://api.anthropic.com" }), logger),
      null,
    );
    const simulator = resolveModelEndpoint({ SIMULATOR_URL: "http://model-simulator:8787" });
    assert.equal(simulator.baseUrl, "http://model-simulator:8787");
    assert.match(warnAboutModelEndpoint(simulator, logger) ?? "", /calling the model simulator/);
    assert.equal(warnings.length, 1);
  });

  it("refuses a base URL no HTTP client can use, at start", () => {
    assert.throws(() => parseEnvironment(AnthropicEnvironmentSchema, { ANTHROPIC_BASE_URL: "file:///etc/passwd" }), ConfigurationError);
  });
});
