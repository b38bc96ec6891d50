/** What the API said about a failed call: its status and the body's error fields. */
export interface ProviderErrorFacts {
  status: number | undefined;
  /** `error.type` of the body, e.g. rate_limit_error, billing_error. */
  type: string | null;
  /** `error.details.error_code` of the body, when the API sent one. */
  errorCode: string | null;
  /** `error.message` of the body. */
  apiMessage: string | null;
}

/** The API's stable codes for "your spend limit was reached". */
const SPEND_LIMIT_ERROR_CODES = new Set(["enforced_spend_limit_reached", "contract_spend_limit_reached", "linked_organization_spend_limit_reached"]);

// The API's wording when a 429 comes from a spend or usage limit rather than
// a rate limit (e.g. "You have reached your specified API usage limits").
const SPEND_LIMIT_WORDING = /\b(spend(ing)?|usage|billing)\s+limits?\b|credit balance/i;

/**
 * Whether a 429 (or 402) means a spend/usage limit was reached: waiting
 * seconds will not help, so it must not be retried like a rate limit.
 *
 * Stable signals first: the `error_code` in the body's details and the
 * billing_error type. Older responses carry neither, only the message text,
 * so this is the one place in Switchyard that reads a provider's error text:
 * keep it here.
 */
export function isSpendLimitError(facts: ProviderErrorFacts): boolean {
  if (facts.status !== 429 && facts.status !== 402) return false;
  if (facts.errorCode !== null && SPEND_LIMIT_ERROR_CODES.has(facts.errorCode)) return true;
  if (facts.type === "billing_error" || facts.status === 402) return true;
  return SPEND_LIMIT_WORDING.test(facts.apiMessage ?? "");
}
