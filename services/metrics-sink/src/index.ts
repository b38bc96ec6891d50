export { createSinkHandler } from "./sink-handler";
export type { SinkEvent, SinkHandlerOptions } from "./sink-handler";
export { startSink } from "./start-sink";
export type { StartSinkOptions, Sink } from "./start-sink";
export { loadSinkConfig } from "./config";
export type { SinkConfig } from "./config";
export { startAlertDetector } from "./start-alert-detector";
export type { AlertDetector, AlertDetectorOptions } from "./start-alert-detector";
export { mapCostAnomaliesToAlerts, mapTierMixToAlerts } from "./map-findings-to-alerts";
