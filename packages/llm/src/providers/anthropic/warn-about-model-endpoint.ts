import type { Logger } from "@switchyard/platform";
import type { ModelEndpoint } from "./anthropic-environment";

/** The host of Anthropic's Messages API, where a real key belongs. */
const ANTHROPIC_API_HOST = "api.anthropic.com";

/**
 * The start-up warnings about where model calls go: to the simulator (no key),
 * or a real key to a URL that is not Anthropic's API (a proxy or gateway may be
 * meant; a simulator or a typo is not). Returns the warning given, if any.
 */
export function warnAboutModelEndpoint(endpoint: ModelEndpoint, logger: Logger): string | null {
  if (endpoint.usesSimulator) {
    const warning = "ANTHROPIC_API_KEY is not set: calling the model simulator";
    logger.warn({ baseUrl: endpoint.baseUrl }, warning);
    return warning;
  }
  if (endpoint.baseUrl === undefined || new URL(endpoint.baseUrl).hostname === ANTHROPIC_API_HOST) return null;
  const warning = `ANTHROPIC_API_KEY is sent to ${endpoint.baseUrl}, which is not Anthropic's API (${ANTHROPIC_API_HOST}): check ANTHROPIC_BASE_URL`;
  logger.warn({ baseUrl: endpoint.baseUrl }, warning);
  return warning;
}
