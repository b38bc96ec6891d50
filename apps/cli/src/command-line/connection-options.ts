import { ConfigurationError, type Environment } from "@switchyard/platform";
import type { OptionValues } from "./command";

const VARIABLE_OF_FLAG: Record<string, string> = {
  brokers: "KAFKA_BROKERS",
  "clickhouse-url": "CLICKHOUSE_URL",
  "clickhouse-user": "CLICKHOUSE_USER",
  "clickhouse-database": "CLICKHOUSE_DATABASE",
};

/** The environment the command runs with: the connection flags given win over the variables. */
export function applyConnectionOptions(values: OptionValues, environment: Environment): Environment {
  const overridden: Environment = { ...environment };
  for (const [flag, variable] of Object.entries(VARIABLE_OF_FLAG)) {
    const value = values[flag];
    if (typeof value === "string") overridden[variable] = value;
  }
  return overridden;
}

/**
 * A bad value that came from a flag is reported under the flag's name, with
 * the value quoted, rather than under the variable the user never set.
 */
export function nameTheFlag(error: unknown, values: OptionValues): unknown {
  if (!(error instanceof ConfigurationError)) return error;
  for (const [flag, variable] of Object.entries(VARIABLE_OF_FLAG)) {
    const value = values[flag];
    // The setting may name a part of the variable (KAFKA_BROKERS.0).
    if (typeof value !== "string" || (error.setting !== variable && !error.setting.startsWith(`${variable}.`))) continue;
    const problem = error.message.slice(error.setting.length + 2);
    return new ConfigurationError(`--${flag}`, `${problem}, got ${JSON.stringify(value)}`, { cause: error });
  }
  return error;
}
