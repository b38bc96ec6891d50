import { logLevel, type logCreator } from "kafkajs";
import type { Logger } from "@switchyard/platform";

/** kafkajs' log level for a pino level: its INFO is chatty, so only a debugging service gets it. */
export function kafkaJsLogLevel(logger: Logger): logLevel {
  return logger.isLevelEnabled("debug") ? logLevel.INFO : logLevel.WARN;
}

/** Routes kafkajs' own log lines into the service's pino logger. */
export function createKafkaJsLogCreator(logger: Logger): logCreator {
  const kafkaLogger = logger.child({ component: "kafkajs" });
  return () =>
    ({ namespace, level, log }) => {
      const { message, timestamp: _timestamp, logger: _name, ...fields } = log as { message: string; timestamp?: string; logger?: string } & Record<string, unknown>;
      const entry = { namespace, ...fields };
      if (level === logLevel.ERROR) kafkaLogger.error(entry, message);
      else if (level === logLevel.WARN) kafkaLogger.warn(entry, message);
      else if (level === logLevel.INFO) kafkaLogger.info(entry, message);
      else kafkaLogger.debug(entry, message);
    };
}
