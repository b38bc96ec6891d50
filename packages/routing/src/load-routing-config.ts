import { parseConfigFile, parseConfigValue } from "@switchyard/platform";
import { RoutingConfigSchema, withBuiltInTaskTypes, type RoutingConfig } from "./routing-config";

/**
 * Reads the routing config file named by SWITCHYARD_CONFIG (or the defaults
 * when there is none). A bad file throws a ConfigurationError naming the field.
 */
export function loadRoutingConfig(path: string | undefined): RoutingConfig {
  const config = path ? parseConfigFile(RoutingConfigSchema, path, "SWITCHYARD_CONFIG") : parseConfigValue(RoutingConfigSchema, {}, "SWITCHYARD_CONFIG");
  return withBuiltInTaskTypes(config);
}
