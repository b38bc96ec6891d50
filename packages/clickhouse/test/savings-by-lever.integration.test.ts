import { createServerStore } from "../src";
import { defineLeverTests } from "./support/lever-tests";
import { silentLogger, uniqueDatabaseName } from "./support/report-tests";

const url = process.env.CLICKHOUSE_URL ?? "http://127.0.0.1:8123";

defineLeverTests(`the ClickHouse server at ${url}`, () =>
  createServerStore({
    url,
    username: process.env.CLICKHOUSE_USER ?? "default",
    password: process.env.CLICKHOUSE_PASSWORD ?? "",
    database: uniqueDatabaseName("switchyard_test_levers"),
    logger: silentLogger,
  }),
);
