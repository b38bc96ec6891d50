import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ConfigurationError } from "@switchyard/platform";
import { createScriptedProvider } from "@switchyard/test-support";
import { createProviderRegistry, createTierProvider } from "../src/index";

const models = { fast: "fast-model", standard: "standard-model", powerful: "powerful-model" };
const call = { messages: [{ role: "user" as const, content: "hi" }], maxTokens: 5 };

describe("createTierProvider", () => {
  it("sends each tier's model to its provider, and any other model to the default one", async () => {
    const anthropic = createScriptedProvider({ "standard-model": [{ text: "a" }], "powerful-model": [{ text: "b" }], "unlisted-model": [{ text: "c" }] });
    const other = createScriptedProvider({ "fast-model": [{ text: "d" }] });
    const provider = createTierProvider(createProviderRegistry({ anthropic, other }), { models, providers: { fast: "other" } });
    for (const model of ["fast-model", "standard-model", "powerful-model", "unlisted-model"]) await provider.complete({ ...call, model }, { timeoutMs: 1_000 });
    assert.deepEqual(
      other.calls.map((request) => request.model),
      ["fast-model"],
    );
    assert.deepEqual(
      anthropic.calls.map((request) => request.model),
      ["standard-model", "powerful-model", "unlisted-model"],
    );
  });

  it("refuses an unknown provider and one model served by two providers", () => {
    const registry = createProviderRegistry({ anthropic: createScriptedProvider({}), other: createScriptedProvider({}) });
    assert.throws(
      () => createTierProvider(registry, { models, providers: { powerful: "missing" } }),
      (error: unknown) => error instanceof ConfigurationError && error.setting === "providers.powerful",
    );
    assert.throws(
      () => createTierProvider(registry, { models: { ...models, standard: "fast-model" }, providers: { fast: "other" } }),
      (error: unknown) => error instanceof ConfigurationError && error.setting === "providers.standard",
    );
  });
});
