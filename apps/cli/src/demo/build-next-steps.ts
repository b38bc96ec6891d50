export interface NextSteps {
  /** Commands that query the demo's data folder. */
  query: string[];
  /** How to run the same pipeline on Kafka and a ClickHouse server. */
  realMode: string[];
}

/** What to try after the demo; `dataDirectory` as the user should type it. */
export function buildNextSteps(dataDirectory: string): NextSteps {
  const folder = dataDirectory.includes(" ") ? JSON.stringify(dataDirectory) : dataDirectory;
  return {
    query: [
      `npx switchyard report savings --data-dir ${folder}`,
      `npx switchyard report shadow --data-dir ${folder} --format json`,
      `npx switchyard report top-spenders --data-dir ${folder}`,
      `npx switchyard sql "SELECT tier, model, count() AS calls, round(sum(cost_usd), 2) AS usd FROM llm_usage FINAL GROUP BY tier, model ORDER BY usd DESC" --data-dir ${folder}`,
    ],
    realMode: [
      "npm run services:up                 # a local Kafka broker and ClickHouse server (or set KAFKA_BROKERS and CLICKHOUSE_URL to yours)",
      "npm run simulator                   # only without ANTHROPIC_API_KEY: the services then call the simulator",
      "npx switchyard serve                # router, shadow and sink in one process on Kafka + ClickHouse (or npm run router / shadow / sink)",
      `npx switchyard submit --type keyword_relevance --prompt "Is 'trail shoes' relevant to Acme trail running shoes?" --wait`,
      "npx switchyard results --follow     # every result as it is published",
      "npx switchyard report savings       # the same table from the ClickHouse server",
    ],
  };
}
