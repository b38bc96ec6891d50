import { logLevel, type logCreator } from "kafkajs";
import type { Logger } from "@switchyard/platform";

/** kafkajs' log level for a pino level: its INFO is chatty, so only a debugging service gets it. */
export function kafkaJsLogLevel(logger: Logger): logLevel {
  return logger.isLevelEnabled("debug") ? logLevel.INFO : logLevel.WARN;
}

// kafkajs logs every failed connection attempt and error response of these at ERROR, once per
// retry: a broker away for a minute would fill the log. The start-up wait and the consumer loop
// log each condition once; these lines stay available at debug.
const PER_ATTEMPT_NAMESPACES = new Set(["Connection", "BrokerPool"]);

/** Routes kafkajs' own log lines into the service's pino logger. */
export function createKafkaJsLogCreator(logger: Logger): logCreator {
  const kafkaLogger = logger.child({ component: "kafkajs" });
  return () =>
    ({ namespace, level, log }) => {
      const {
        message,
        timestamp: _timestamp,
        logger: _name,
        ...fields
      } = log as { message: string; timestamp?: string; logger?: string } & Record<string, unknown>;
      const entry = { namespace, ...fields };
      if (PER_ATTEMPT_NAMESPACES.has(namespace)) kafkaLogger.debug(entry, message);
      else if (level === logLevel.ERROR) kafkaLogger.error(entry, message);
      else if (level === logLevel.WARN) kafkaLogger.warn(entry, message);
      else if (level === logLevel.INFO) kafkaLogger.info(entry, message);
      else kafkaLogger.debug(entry, message);
    };
}
