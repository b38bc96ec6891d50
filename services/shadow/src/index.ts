export { createShadowHandler } from "./shadow-handler";
export type { ShadowHandlerOptions } from "./shadow-handler";
export { startShadow } from "./start-shadow";
export type { StartShadowOptions } from "./start-shadow";
export { loadShadowConfig } from "./config";
export type { ShadowConfig } from "./config";
export { compareStructuredOutputs } from "./compare-structured-outputs";
export { computeTextSimilarity } from "./compute-text-similarity";
export { buildShadowEvent } from "./build-shadow-event";
