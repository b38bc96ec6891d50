export { createSinkHandler } from "./sink-handler";
export type { SinkEvent, SinkHandlerOptions } from "./sink-handler";
export { startSink } from "./start-sink";
export type { StartSinkOptions, Sink } from "./start-sink";
export { loadSinkConfig } from "./config";
export type { SinkConfig } from "./config";
