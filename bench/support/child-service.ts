import { ServiceProcess, SimulatorProcess } from "@switchyard/test-support";
import { RUN_DIRECTORY, SCRIPTS } from "./bench-environment";

/** A service in its own process (as deployed), its output in a log file under .run/bench. */
export function startBenchProcess(script: keyof typeof SCRIPTS, name: string, environment: Record<string, string>): ServiceProcess {
  // BENCH_CHILD_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the measured services.
  const nodeArguments = (process.env.BENCH_CHILD_NODE_ARGS ?? "").split(" ").filter((argument) => argument.length > 0);
  return ServiceProcess.start({ script: SCRIPTS[script], name, logDirectory: RUN_DIRECTORY, environment, logLevel: "warn", nodeArguments });
}

/** The model simulator in its own process, so its HTTP work does not share the measured process's CPU time. */
export function startBenchSimulator(name: string, config: Record<string, unknown>): Promise<SimulatorProcess> {
  // The simulator reports per-minute budgets (4,000 requests by default) in anthropic-ratelimit-*
  // headers, and the router rightly pauses when they run out: a throughput benchmark needs budgets
  // it cannot exhaust.
  const unlimited = { rateLimits: { requestsPerMinute: 1_000_000_000, inputTokensPerMinute: 1_000_000_000_000, outputTokensPerMinute: 1_000_000_000_000 } };
  return SimulatorProcess.start({ name, logDirectory: RUN_DIRECTORY, config: { ...unlimited, ...config }, logLevel: "warn" });
}
