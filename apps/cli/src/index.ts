export { runCli, COMMANDS } from "./run-cli";
export type { Command, CommandIo, CommandInvocation, OptionSpecification } from "./command-line/command";
export { loadCliConfig } from "./cli-config";
export type { CliConfig } from "./cli-config";
export { startPipeline, resolvePipelineSettings, DEFAULT_GROUP_IDS } from "./embedded/start-pipeline";
export type { Pipeline, PipelineOptions, PipelineSettingsOptions } from "./embedded/start-pipeline";
export { startEmbeddedPipeline, EMBEDDED_DATABASE } from "./embedded/start-embedded-pipeline";
export type { EmbeddedPipeline, EmbeddedPipelineOptions } from "./embedded/start-embedded-pipeline";
export { runDemo } from "./demo/run-demo";
export type { DemoProgress, DemoResult, RunDemoOptions } from "./demo/run-demo";
export { buildDemoReport } from "./demo/build-demo-report";
export type { DemoReport, RoutingSummary, SavingsRow, ShadowRecommendation, TierSummary } from "./demo/build-demo-report";
export { generateDemoTasks } from "./demo/generate-demo-tasks";
export type { GenerateDemoTasksOptions } from "./demo/generate-demo-tasks";
export { DEMO_MIX, allocateDemoTasks } from "./demo/demo-mix";
export type { DemoTaskKind } from "./demo/demo-mix";
export {
  ARTICLE_MODELS,
  ARTICLE_COST_CHANGES,
  ARTICLE_OVERALL_CHANGE,
  DEMO_AGREEMENT,
  buildDemoRoutingConfig,
  buildDemoSimulatorConfig,
  chooseDemoShadowRate,
  chooseLoopPhaseTasks,
} from "./demo/demo-configuration";
export { buildReportPrices, buildBaselineModels } from "./reports/build-report-parameters";
