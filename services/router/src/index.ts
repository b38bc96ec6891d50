export { createTaskHandler, DEFAULT_MAX_CANDIDATE_BYTES } from "./task-handler";
export type { RoutedTask, TaskHandlerOptions } from "./task-handler";
export { startRouter } from "./create-router";
export type { StartRouterOptions } from "./create-router";
export { loadRouterConfig } from "./config";
export type { RouterConfig } from "./config";
export { ROUTER_DEFAULTS } from "./router-defaults";
