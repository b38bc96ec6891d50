import { readFileSync } from "node:fs";
import { z } from "zod";
import { ConfigurationError, StartupAbortedError, isSwitchyardError } from "./errors";

export type Environment = Record<string, string | undefined>;

/**
 * Parses the environment with a service's schema. The first problem becomes a
 * ConfigurationError naming the variable, so the service can stop with one line.
 */
export function parseEnvironment<Schema extends z.ZodType>(schema: Schema, environment: Environment): z.infer<Schema> {
  const result = schema.safeParse(environment);
  if (result.success) return result.data;
  throw toConfigurationError(result.error, "");
}

/** Parses a JSON config file; `setting` names the variable that pointed at it. */
export function parseConfigFile<Schema extends z.ZodType>(schema: Schema, path: string, setting: string): z.infer<Schema> {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new ConfigurationError(setting, `cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? "error"})`, { cause: error });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ConfigurationError(setting, `${path} is not valid JSON (${(error as Error).message})`, { cause: error });
  }
  return parseConfigValue(schema, value, `${setting} (${path})`);
}

/** Parses an already-read config object, naming the first bad field under `setting`. */
export function parseConfigValue<Schema extends z.ZodType>(schema: Schema, value: unknown, setting: string): z.infer<Schema> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw toConfigurationError(result.error, setting);
}

function toConfigurationError(error: z.ZodError, prefix: string): ConfigurationError {
  const issue = error.issues[0];
  const path = issue?.path.map(String).join(".") ?? "";
  const setting = [prefix, path].filter((part) => part.length > 0).join(": ");
  return new ConfigurationError(setting || "configuration", issue?.message ?? "invalid", { cause: error });
}

/**
 * Runs a service's main function. A configuration error stops the process with
 * one line on stderr and exit code 2, a start given up on (StartupAbortedError)
 * with one line and exit code 1; anything else is logged with its stack.
 */
export function runMain(name: string, main: () => Promise<unknown>): void {
  main().catch((error: unknown) => {
    if (error instanceof ConfigurationError) {
      process.stderr.write(`${name}: invalid configuration: ${error.message}\n`);
      process.exit(2);
    }
    if (error instanceof StartupAbortedError) {
      process.stderr.write(`${name}: cannot start: ${error.message}\n`);
      process.exit(1);
    }
    // A shutdown signal ended the start: the signal handler owns the exit.
    if (isSwitchyardError(error) && error.code === "shutting_down") return;
    process.stderr.write(`${name}: fatal: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
}

// Reusable environment fragments. Empty strings count as unset so that
// `FOO=` in a shell or compose file falls back to the default.
export const emptyToUndefined = (value: unknown) => (value === "" ? undefined : value);

export const optionalString = () => z.preprocess(emptyToUndefined, z.string().optional());

export const booleanFlag = (defaultValue: boolean) =>
  z.preprocess(
    emptyToUndefined,
    z
      .enum(["true", "false", "1", "0", "yes", "no"], { message: "expected true or false" })
      .default(defaultValue ? "true" : "false")
      .transform((value) => value === "true" || value === "1" || value === "yes"),
  );

export const integerSetting = (defaultValue: number, minimum = 0, maximum = Number.MAX_SAFE_INTEGER) =>
  z.preprocess(
    emptyToUndefined,
    z.coerce
      .number({ message: "expected a number" })
      .int({ message: "expected an integer" })
      .min(minimum, { message: `expected at least ${minimum}` })
      .max(maximum, { message: `expected at most ${maximum}` })
      .default(defaultValue),
  );

export const optionalInteger = (minimum: number, maximum: number) =>
  z.preprocess(
    emptyToUndefined,
    z.coerce
      .number({ message: "expected a number" })
      .int({ message: "expected an integer" })
      .min(minimum, { message: `expected at least ${minimum}` })
      .max(maximum, { message: `expected at most ${maximum}` })
      .optional(),
  );

export const numberSetting = (defaultValue: number, minimum = 0, maximum = Number.MAX_VALUE) =>
  z.preprocess(
    emptyToUndefined,
    z.coerce
      .number({ message: "expected a number" })
      .min(minimum, { message: `expected at least ${minimum}` })
      .max(maximum, { message: `expected at most ${maximum}` })
      .default(defaultValue),
  );

/** A TCP port to listen on; 0 picks a free one. */
export const portSetting = (defaultValue: number) => integerSetting(defaultValue, 0, 65_535);

export const logLevelSetting = () =>
  z.preprocess(
    emptyToUndefined,
    z
      .enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"], {
        message: "expected one of fatal, error, warn, info, debug, trace, silent",
      })
      .default("info"),
  );

/** A TCP port written as text: 1..65535. */
export const isPortNumber = (text: string) => /^\d{1,5}$/.test(text) && Number(text) >= 1 && Number(text) <= 65_535;

/**
 * An http:// or https:// URL whose port, when given, is 1..65535. A URL of
 * another scheme (clickhouse://, tcp://) parses, but no HTTP client can use it:
 * refused at start rather than on the first request.
 */
export const httpUrl = (message: string) =>
  z.url({ message }).refine(
    (value) => {
      if (!URL.canParse(value)) return false;
      const url = new URL(value);
      return (url.protocol === "http:" || url.protocol === "https:") && (url.port === "" || isPortNumber(url.port));
    },
    { message: `${message} (http or https, port 1-65535)` },
  );

/** Variables every service reads. */
export const CommonEnvironmentSchema = z.object({
  LOG_LEVEL: logLevelSetting(),
  LOG_CONTENT: booleanFlag(false),
  SWITCHYARD_CONFIG: optionalString(),
  /** How long a start waits, in total, for the broker, topics, group and ClickHouse before exiting. */
  STARTUP_MAX_WAIT_MS: integerSetting(300_000, 1_000, 86_400_000),
});
export type CommonEnvironment = z.infer<typeof CommonEnvironmentSchema>;
