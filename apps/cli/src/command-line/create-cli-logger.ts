import { createLogger, type Logger } from "@switchyard/platform";
import type { CliConfig } from "../cli-config";
import type { CommandIo } from "./command";

/** The command line's logger: on stderr, so that stdout carries only the command's output. */
export function createCliLogger(config: CliConfig, io: CommandIo): Logger {
  return createLogger({ name: "switchyard", level: config.logLevel, logContent: config.logContent, destination: io.stderr });
}
