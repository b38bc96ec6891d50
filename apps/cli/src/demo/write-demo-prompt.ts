import type { SeededRandom } from "./seeded-random";

/** What the demo sends for one task: system prompt, user message, and a JSON Schema for structured types. */
export interface DemoPrompt {
  system: string;
  user: string;
  outputSchema?: Record<string, unknown>;
}

const CHARACTERS_PER_TOKEN = 4;

const BRANDS = ["Northwind", "Acme Outdoor", "Blue Harbor", "Fjordline", "Sunpeak", "Copperleaf", "Redwood & Co", "Kestrel"];
const PRODUCTS = [
  "trail running shoes",
  "insulated water bottle",
  "noise-cancelling headphones",
  "ergonomic office chair",
  "grain-free dog food",
  "carbon road bike",
  "cast iron skillet",
  "merino wool socks",
  "smart thermostat",
  "standing desk",
];
const MODIFIERS = [
  "best",
  "cheap",
  "buy",
  "review",
  "near me",
  "discount",
  "vs",
  "for women",
  "for men",
  "waterproof",
  "lightweight",
  "sale",
  "how to clean",
  "replacement parts",
];
const FEATURES = [
  "is built for daily use and ships within two business days",
  "comes with a two-year warranty and free returns",
  "uses recycled materials without giving up durability",
  "was rated four and a half stars by more than two thousand buyers",
  "is available in six colours and three sizes",
  "weighs less than most products in its category",
  "is designed in Oslo and assembled in Portugal",
  "includes a carrying case and a quick-start guide",
];
const AD_GROUPS = ["Brand - Exact", "Brand - Phrase", "Generic - Broad", "Competitor", "Category - Exact", "Remarketing", "Shopping - All", "DSA - Catch-all"];
const SEARCH_TERMS = [
  "buy online",
  "free shipping",
  "coupon code",
  "best rated",
  "cheapest",
  "next day delivery",
  "reviews",
  "sizes",
  "colours",
  "warranty",
  "store locator",
];
const CHANGES = [
  "raised the daily budget by 20%",
  "switched bidding to target ROAS 400%",
  "paused two underperforming ads",
  "added 35 negative keywords",
  "split the generic campaign by match type",
  "lowered mobile bid adjustments by 15%",
  "launched a new responsive search ad",
  "moved the brand terms into their own campaign",
];

/** A user message of about `tokens` estimated tokens for the task type, with its system prompt and schema. */
export function writeDemoPrompt(type: string, tokens: number, random: SeededRandom): DemoPrompt {
  const budget = tokens * CHARACTERS_PER_TOKEN;
  switch (type) {
    case "keyword_relevance":
      return writeKeywordRelevance(budget, random);
    case "data_extraction":
      return writeDataExtraction(budget, random);
    case "campaign_summary":
      return writeCampaignSummary(budget, random);
    default:
      return writeAccountStrategy(budget, random);
  }
}

function writeKeywordRelevance(budget: number, random: SeededRandom): DemoPrompt {
  const brand = random.pick(BRANDS);
  const product = random.pick(PRODUCTS);
  const keyword = `${random.pick(MODIFIERS)} ${random.pick(PRODUCTS).split(" ").slice(-2).join(" ")}`;
  const head = `Product: ${brand} ${product}\nKeyword: "${keyword}"\nProduct page:\n`;
  const tail = `\nIs the keyword relevant to this product? Classify it as exact, close_variant, related, competitor or irrelevant.`;
  const body = fillLines(budget - head.length - tail.length, () => `The ${brand} ${product} ${random.pick(FEATURES)}.`);
  return {
    system: "You decide whether a search keyword is relevant to a product, for a paid-search campaign. Be concise.",
    user: head + body + tail,
    outputSchema: {
      type: "object",
      properties: {
        relevant: { type: "boolean" },
        category: { type: "string", enum: ["exact", "close_variant", "related", "competitor", "irrelevant"] },
        confidence: { type: "number", minimum: 0, maximum: 1 },
      },
      required: ["relevant", "category", "confidence"],
      additionalProperties: false,
    },
  };
}

function writeDataExtraction(budget: number, random: SeededRandom): DemoPrompt {
  const vendor = random.pick(BRANDS);
  const number = `INV-${random.integer(10_000, 99_999)}`;
  const head = [
    `INVOICE ${number}`,
    `Vendor: ${vendor} Ltd, ${random.integer(1, 200)} Harbour Street, Bristol`,
    `Bill to: ${random.pick(BRANDS)} Retail GmbH, Accounts Payable`,
    `Issue date: 2024-${pad(random.integer(1, 12))}-${pad(random.integer(1, 28))}   Terms: net 30`,
    "Line items (quantity, SKU, description, unit price, amount):",
    "",
  ].join("\n");
  const tail = "\n\nSubtotal, VAT at 20% and the total are on the last page. Extract the fields.";
  const body = fillLines(budget - head.length - tail.length, () => {
    const quantity = random.integer(1, 40);
    const price = random.integer(200, 25_000) / 100;
    return `${quantity} x SKU-${random.integer(1_000, 9_999)} ${random.pick(PRODUCTS)} @ ${price.toFixed(2)} = ${(quantity * price).toFixed(2)} EUR`;
  });
  return {
    system: "You extract fields from business documents into JSON, exactly as written in the document.",
    user: head + body + tail,
    outputSchema: {
      type: "object",
      properties: {
        invoiceNumber: { type: "string" },
        vendor: { type: "string" },
        issueDate: { type: "string" },
        currency: { type: "string", enum: ["EUR", "USD", "GBP"] },
        lineItemCount: { type: "integer", minimum: 0 },
        total: { type: "number", minimum: 0 },
      },
      required: ["invoiceNumber", "vendor", "issueDate", "currency", "lineItemCount", "total"],
      additionalProperties: false,
    },
  };
}

function writeCampaignSummary(budget: number, random: SeededRandom): DemoPrompt {
  const brand = random.pick(BRANDS);
  const product = random.pick(PRODUCTS);
  const head = `Campaign: ${brand} - ${product} (Search)\nWeek: 2024-06-03 to 2024-06-09\nDaily performance by ad group (date, ad group, impressions, clicks, cost, conversions, conversion value):\n`;
  const tail = "\nWrite the weekly summary for the account manager: what changed, the likely reasons, and what to watch next week.";
  const body = fillLines(budget - head.length - tail.length, () => {
    const impressions = random.integer(500, 60_000);
    const clicks = Math.round(impressions * (0.01 + random.next() * 0.08));
    const conversions = Math.round(clicks * random.next() * 0.1);
    return `2024-06-0${random.integer(3, 9)}, ${random.pick(AD_GROUPS)}, ${impressions}, ${clicks}, ${(clicks * (0.3 + random.next() * 2)).toFixed(2)}, ${conversions}, ${(conversions * random.integer(20, 180)).toFixed(2)}`;
  });
  return { system: CAMPAIGN_SUMMARY_SYSTEM, user: head + body + tail };
}

/**
 * Every campaign summary shares this long system prompt (the team's style
 * guide, about 1,300 tokens): above the 1,024-token minimum of the demo's
 * standard model, so the router marks it for the prompt cache and repeated
 * summaries read it at a tenth of the input price.
 */
const STYLE_RULES = [
  "Lead with the one change that mattered most this week, in a single sentence.",
  "Report cost, clicks, conversions and conversion value against the previous week, with the percentage change.",
  "Name ad groups exactly as they appear in the data; never invent one.",
  "Explain a change only with evidence from the data; say so when the data cannot explain it.",
  "Flag any ad group whose cost per conversion rose by more than a fifth.",
  "Keep numbers in the account's currency, rounded to whole units above 100.",
  "Write for an account manager who reads this on a phone between meetings.",
  "End with at most three things to watch next week, most important first.",
];
export const CAMPAIGN_SUMMARY_SYSTEM = [
  "You write the weekly performance summary of a paid-search campaign for its account manager, in plain prose.",
  "House style guide:",
  ...Array.from({ length: 8 }, (_unused, round) => STYLE_RULES.map((rule, index) => `${round * STYLE_RULES.length + index + 1}. ${rule}`).join("\n")),
].join("\n");

function writeAccountStrategy(budget: number, random: SeededRandom): DemoPrompt {
  const brand = random.pick(BRANDS);
  const head = `Account: ${brand} (12 campaigns, EUR 180,000 a month)\nGoal: grow revenue 25% at a return on ad spend of at least 350%.\n\n## 90 days of performance by campaign, ad group and search term\n`;
  const tail =
    "\n\nRecommend how to restructure this account: which campaigns to merge or split, budget shifts, bidding strategy changes, and the order to make them in, with the reasoning for each step and the risks.";
  const body = fillLines(budget - head.length - tail.length, () => {
    if (random.next() < 0.15) return `Change history: on 2024-0${random.integer(3, 6)}-${pad(random.integer(1, 28))} the team ${random.pick(CHANGES)}.`;
    const cost = random.integer(50, 9_000);
    return `${random.pick(PRODUCTS)} / ${random.pick(AD_GROUPS)} / "${random.pick(PRODUCTS).split(" ").at(-1) ?? ""} ${random.pick(SEARCH_TERMS)}": cost ${cost}, revenue ${Math.round(cost * (0.5 + random.next() * 6))}, impression share ${random.integer(10, 95)}%`;
  });
  return {
    system: "You are a senior paid-search strategist. Reason step by step about the account's data before recommending changes.",
    user: head + body + tail,
  };
}

function fillLines(budget: number, line: () => string): string {
  const lines: string[] = [];
  let length = 0;
  while (length < budget) {
    const next = line();
    lines.push(next);
    length += next.length + 1;
  }
  return lines.join("\n");
}

function pad(value: number): string {
  return String(value).padStart(2, "0");
}
