import {
  ConfigurationError,
  computeBackoffDelay,
  withTimeout,
  ShuttingDownError,
  describeError,
  sleep,
  type Logger,
  type SwitchyardError,
} from "@switchyard/platform";
import { InvalidEventError } from "@switchyard/contracts";
import type { ClickHouseStore } from "./clickhouse-store";
import { classifyStorageError } from "./classify-storage-error";
import { computeDeduplicationToken } from "./compute-deduplication-token";
import { FifoQueue } from "./fifo-queue";
import { assertTableName, quoteTableName } from "./assert-table-name";
import { quoteIdentifier, quoteLiteral } from "./quote-literal";

export interface BatchWriterOptions<Event, Row extends object> {
  store: ClickHouseStore;
  table: string;
  /** Pure: event → row. Receives the time of the write for an `inserted_at` column. */
  mapRow: (event: Event, insertedAt: Date) => Row;
  /** A batch is inserted as soon as it has this many rows… */
  maxRows: number;
  /** …or when its oldest row has waited this long. */
  maxWaitMs: number;
  /** `write` waits (backpressure) while this many rows are buffered or being inserted. */
  maxBufferedRows: number;
  /**
   * Batches looked up and inserted at once. Default 1. More keeps a server
   * busy while this process prepares the next batch; each batch stays one
   * atomic insert.
   */
  maxConcurrentBatches?: number;
  /** Backoff between attempts while the store is unavailable: doubling from initialDelayMs up to maxDelayMs, with jitter. */
  retry: { initialDelayMs: number; maxDelayMs: number };
  /**
   * Makes re-inserts harmless: rows whose id is already stored (or repeated in
   * the batch) are not inserted again. `timeColumn`, when the id always comes
   * with the same time, narrows the lookup to the batch's time range.
   */
  dedupe?: { idColumn: keyof Row & string; timeColumn?: keyof Row & string };
  logger: Logger;
  /** For tests: the source of backoff jitter, in [0, 1). */
  random?: () => number;
}

export interface BatchWriter<Event> {
  /**
   * Buffers one event. Resolves once its row is durably in the table (or was
   * already there); only then may the caller commit the event's offset.
   * Rejects with InvalidEventError when the event cannot be mapped, with
   * StorageError `storage_rejected` when the table refuses the
   * row (after bisecting its batch: the other rows are still inserted), and
   * with SwitchyardError `shutting_down` when the writer closed before the row
   * was stored. While the store is unavailable it keeps retrying and does not
   * settle.
   */
  write(event: Event): Promise<void>;
  /**
   * Buffers several events; resolves once every one of them is settled as
   * `write` would settle it, with one entry per event: undefined when its row
   * is stored (or was already there), else the error `write` would reject with.
   * One promise for all: a consumer handling a fetch at once pays no promise per row.
   */
  writeMany(events: readonly Event[]): Promise<Array<unknown>>;
  /** Inserts everything buffered now; resolves when those writes have settled. */
  flush(): Promise<void>;
  /**
   * Stops accepting writes, flushes, and resolves when every write has settled.
   * Writes still unstored after `timeoutMs` (default 30,000; the store being
   * down) are rejected with `shutting_down`, so their offsets are not committed.
   */
  close(options?: { timeoutMs?: number }): Promise<void>;
  /** Rows buffered or being inserted. */
  readonly bufferedRows: number;
}

/** Told when an entry settles: a single write's promise, or a writeMany's outcomes. */
interface Waiter {
  settle(index: number, error?: unknown): void;
}

interface Entry<Row> {
  row: Row;
  enqueuedAt: number;
  waiter: Waiter;
  /** The entry's place among its waiter's events. */
  index: number;
  /** Writes of the same id while this entry's batch is under way: they settle as it does. */
  followers?: Entry<Row>[];
}

/**
 * Ids per lookup query: about 400 KiB of SQL, within the max_query_size both
 * stores set (4 MiB; 18.16's default of 256 KiB would refuse it). One query per
 * batch of the default size: each query costs a round trip and a parse.
 */
const LOOKUP_CHUNK = 10_000;

/**
 * Batches rows for one table and inserts them so that every event is stored
 * once, however often it is written.
 *
 * Exactly once in the numbers: a consumer that crashes after an insert and
 * before its offset commit writes the same events again. The raw tables are
 * ReplacingMergeTree (duplicates collapse, FINAL reads them once) but their
 * materialized views would count a re-inserted row twice. So before each
 * insert the writer asks which of the batch's ids are already stored and
 * leaves those out. This is exact because one partition, hence one event id,
 * is written by one writer at a time, concurrent batches of one writer never
 * share an id (a write whose id is in a batch under way follows that batch's
 * outcome instead of being looked up again), and an insert of one batch is
 * atomic (it is one block: keep maxRows far below max_insert_block_size,
 * 1,048,576). On servers from 22.3 on, each insert also carries a
 * deduplication token derived from its ids, so an identical batch from a
 * second writer (during a consumer-group rebalance) is dropped by the server,
 * views included.
 */
export function createBatchWriter<Event, Row extends object>(options: BatchWriterOptions<Event, Row>): BatchWriter<Event> {
  validateOptions(options);
  const { store, table, maxRows, maxWaitMs, maxBufferedRows } = options;
  const maxConcurrentBatches = options.maxConcurrentBatches ?? 1;
  const logger = options.logger.child({ component: "batch-writer", table });
  const random = options.random ?? Math.random;
  const pending: Entry<Row>[] = [];
  const capacityWaiters = new FifoQueue<{ resolve: () => void; reject: (error: unknown) => void }>();
  const abandon = new AbortController();
  let inFlightRows = 0;
  let reservedRows = 0;
  let flushDepth = 0;
  let closing = false;
  let timer: NodeJS.Timeout | undefined;
  const running = new Set<Promise<void>>();
  const claimed = new Map<string, Entry<Row>>();

  const occupiedRows = () => pending.length + inFlightRows + reservedRows;

  const releaseCapacity = () => {
    while (capacityWaiters.length > 0 && occupiedRows() < maxBufferedRows) {
      reservedRows += 1;
      capacityWaiters.shift()?.resolve();
    }
  };

  // Synchronous up to the push, so that a burst of writes cannot all pass the capacity check at once.
  const push = (event: Event, waiter: Waiter, index: number, insertedAt: Date): void => {
    if (closing) return waiter.settle(index, shuttingDown(table));
    let row: Row;
    try {
      row = options.mapRow(event, insertedAt);
    } catch (error) {
      releaseCapacity();
      return waiter.settle(index, new InvalidEventError("event_invalid", `cannot map the event to a ${table} row: ${describeError(error)}`, { cause: error }));
    }
    pending.push({ row, enqueuedAt: insertedAt.getTime(), waiter, index });
  };

  const hasRoom = () => capacityWaiters.length === 0 && occupiedRows() < maxBufferedRows;

  // Full: wait in line; releaseCapacity reserves a slot before waking us (the caller takes it: reservedRows -= 1, then push).
  const waitForRoom = (): Promise<void> => new Promise<void>((resolve, reject) => capacityWaiters.push({ resolve, reject }));

  const write = (event: Event): Promise<void> => {
    if (closing) return Promise.reject(shuttingDown(table));
    const enqueue = () =>
      new Promise<void>((resolve, reject) => {
        push(event, { settle: (_index, error) => (error === undefined ? resolve() : reject(error)) }, 0, new Date());
        schedule();
      });
    if (hasRoom()) return enqueue();
    return waitForRoom().then(() => {
      reservedRows -= 1;
      return enqueue();
    });
  };

  const writeMany = async (events: readonly Event[]): Promise<Array<unknown>> => {
    const outcomes: unknown[] = new Array<unknown>(events.length).fill(undefined);
    if (events.length === 0) return outcomes;
    let unsettled = events.length;
    let allSettled: () => void = () => undefined;
    const settled = new Promise<void>((resolve) => {
      allSettled = resolve;
    });
    const waiter: Waiter = {
      settle(index, error) {
        if (error !== undefined) outcomes[index] = error;
        unsettled -= 1;
        if (unsettled === 0) allSettled();
      },
    };
    const insertedAt = new Date();
    for (let index = 0; index < events.length; index += 1) {
      if (!hasRoom()) {
        schedule();
        try {
          await waitForRoom();
          reservedRows -= 1;
        } catch (error) {
          for (let rest = index; rest < events.length; rest += 1) waiter.settle(rest, error);
          break;
        }
      }
      push(events[index] as Event, waiter, index, insertedAt);
    }
    schedule();
    await settled;
    return outcomes;
  };

  const schedule = () => {
    while (pending.length > 0 && running.size < maxConcurrentBatches && isDue()) launchBatch();
    if (timer || pending.length === 0 || running.size >= maxConcurrentBatches) return;
    const oldest = pending[0]?.enqueuedAt ?? Date.now();
    timer = setTimeout(
      () => {
        timer = undefined;
        schedule();
      },
      Math.max(0, maxWaitMs - (Date.now() - oldest)),
    );
  };

  const isDue = () => pending.length >= maxRows || flushDepth > 0 || closing || Date.now() - (pending[0]?.enqueuedAt ?? Infinity) >= maxWaitMs;

  const launchBatch = () => {
    clearTimeout(timer);
    timer = undefined;
    const batch = claimIds(pending.splice(0, maxRows));
    inFlightRows += batch.taken;
    const run = insertWithRetry(batch.entries).finally(() => {
      for (const entry of batch.entries) if (options.dedupe) claimed.delete(readId(entry.row, options.dedupe.idColumn));
      inFlightRows -= batch.taken;
      running.delete(run);
      releaseCapacity();
      schedule();
    });
    running.add(run);
  };

  // One entry per id across the batches under way; repeats follow the first.
  const claimIds = (entries: Entry<Row>[]): { entries: Entry<Row>[]; taken: number } => {
    const dedupe = options.dedupe;
    if (!dedupe) return { entries, taken: entries.length };
    const own: Entry<Row>[] = [];
    for (const entry of entries) {
      const id = readId(entry.row, dedupe.idColumn);
      const first = claimed.get(id);
      if (first) {
        (first.followers ??= []).push(entry);
        continue;
      }
      claimed.set(id, entry);
      own.push(entry);
    }
    return { entries: own, taken: entries.length };
  };

  const insertWithRetry = async (batch: Entry<Row>[]): Promise<void> => {
    for (let attempt = 0; ; attempt += 1) {
      let failure: SwitchyardError;
      try {
        await insertRows(batch.map((entry) => entry.row));
        for (const entry of batch) settle(entry);
        return;
      } catch (error) {
        failure = classifyStorageError(error, "insert");
      }
      if (failure.code === "storage_unavailable") {
        if (abandon.signal.aborted) return rejectAll(batch, shuttingDown(table, failure));
        const delay = computeBackoffDelay(attempt + 1, options.retry, random);
        logger.warn({ err: failure, attempt: attempt + 1, delayMs: delay, rows: batch.length }, "ClickHouse unavailable; retrying the batch");
        try {
          await sleep(delay, abandon.signal);
        } catch {
          return rejectAll(batch, shuttingDown(table, failure));
        }
        continue;
      }
      if (failure.code === "storage_rejected" && batch.length > 1) {
        // Bisect so that one bad row does not take the whole batch down with it.
        const middle = Math.ceil(batch.length / 2);
        await insertWithRetry(batch.slice(0, middle));
        await insertWithRetry(batch.slice(middle));
        return;
      }
      if (failure.code === "storage_rejected") logger.error({ err: failure }, "ClickHouse rejected a row");
      return rejectAll(batch, failure);
    }
  };

  const insertRows = async (rows: Row[]): Promise<void> => {
    const dedupe = options.dedupe;
    if (!dedupe) {
      await store.insert(table, rows);
      return;
    }
    // On a cluster, another sink may have inserted these ids through another replica: the lookup
    // waits until this replica has fetched every part the cluster's log names so far.
    if (store.cluster) await store.command(`SYSTEM SYNC REPLICA ${quoteTableName(qualifiedTable(store, table))}`);
    const stored = await findStoredIds(rows, dedupe.idColumn, dedupe.timeColumn);
    const fresh = rows.filter((row) => !stored.has(readId(row, dedupe.idColumn)));
    if (fresh.length === 0) return;
    // A hash of every id: computed only for a store that sends it (18.16 has no such setting).
    if (!(await store.capabilities()).insertDeduplicationToken) return store.insert(table, fresh);
    const deduplicationToken = computeDeduplicationToken(
      table,
      fresh.map((row) => readId(row, dedupe.idColumn)),
    );
    await store.insert(table, fresh, { deduplicationToken });
  };

  const findStoredIds = async (rows: Row[], idColumn: string, timeColumn: string | undefined): Promise<Set<string>> => {
    const stored = new Set<string>();
    for (let start = 0; start < rows.length; start += LOOKUP_CHUNK) {
      const chunk = rows.slice(start, start + LOOKUP_CHUNK);
      const ids = chunk.map((row) => readId(row, idColumn));
      // The ids as one array literal, not a tuple of literals: ClickHouse 18.16 parses 5,000 ids
      // as a tuple in about 35 ms, as an array in about 10 ms (measured; most of the lookup's cost).
      const conditions = [`${quoteIdentifier(idColumn)} IN (SELECT arrayJoin([${ids.map(quoteLiteral).join(", ")}]))`];
      if (timeColumn) {
        const times = chunk.map((row) => String((row as Record<string, unknown>)[timeColumn])).sort();
        conditions.unshift(
          `${quoteIdentifier(timeColumn)} >= toDateTime(${quoteLiteral(times[0] ?? "")}, 'UTC')`,
          `${quoteIdentifier(timeColumn)} <= toDateTime(${quoteLiteral(times[times.length - 1] ?? "")}, 'UTC')`,
        );
      }
      const found = await store.query<{ id: string }>(
        `SELECT DISTINCT ${quoteIdentifier(idColumn)} AS id FROM ${quoteTableName(table)} WHERE ${conditions.join(" AND ")}`,
      );
      for (const row of found) stored.add(String(row.id));
    }
    return stored;
  };

  const flush = async (): Promise<void> => {
    flushDepth += 1;
    try {
      while (pending.length > 0 || running.size > 0) {
        schedule();
        await Promise.allSettled([...running]);
      }
    } finally {
      flushDepth -= 1;
    }
  };

  const close = async (closeOptions: { timeoutMs?: number } = {}): Promise<void> => {
    closing = true;
    for (const waiter of capacityWaiters.drain()) waiter.reject(shuttingDown(table));
    const flushed = flush();
    const timedOut = await withTimeout(
      flushed.then(() => false),
      closeOptions.timeoutMs ?? 30_000,
      () => true,
    );
    if (!timedOut) return;
    logger.warn({ rows: occupiedRows() }, "closing with rows that could not be stored; they were not acknowledged");
    abandon.abort();
    rejectAll(pending.splice(0), shuttingDown(table));
    await flushed;
  };

  return {
    write,
    writeMany,
    flush,
    close,
    get bufferedRows() {
      return pending.length + inFlightRows;
    },
  };
}

function settle<Row>(entry: Entry<Row>, error?: unknown): void {
  entry.waiter.settle(entry.index, error);
  for (const follower of entry.followers ?? []) settle(follower, error);
}

function rejectAll<Row>(entries: Entry<Row>[], error: unknown): void {
  for (const entry of entries) settle(entry, error);
}

function shuttingDown(table: string, cause?: unknown): SwitchyardError {
  return new ShuttingDownError(`the ${table} writer closed before the row was stored`, { retryable: true, cause });
}

function qualifiedTable(store: ClickHouseStore, table: string): string {
  return table.includes(".") ? table : `${store.database}.${table}`;
}

function readId(row: object, idColumn: string): string {
  return String((row as Record<string, unknown>)[idColumn]);
}

function validateOptions<Event, Row extends object>(options: BatchWriterOptions<Event, Row>): void {
  try {
    assertTableName(options.table);
  } catch (error) {
    throw new ConfigurationError("batch writer table", describeError(error));
  }
  const positive = (name: string, value: number) => {
    if (!Number.isInteger(value) || value < 1) throw new ConfigurationError(`batch writer ${name}`, "expected a positive integer");
  };
  positive("maxRows", options.maxRows);
  positive("maxWaitMs", options.maxWaitMs);
  positive("maxBufferedRows", options.maxBufferedRows);
  positive("maxConcurrentBatches", options.maxConcurrentBatches ?? 1);
  positive("retry.initialDelayMs", options.retry.initialDelayMs);
  positive("retry.maxDelayMs", options.retry.maxDelayMs);
  if (options.maxRows > 1_000_000)
    throw new ConfigurationError("batch writer maxRows", "keep a batch below 1,000,000 rows so that it is inserted as one atomic block");
  if (options.maxBufferedRows < options.maxRows) throw new ConfigurationError("batch writer maxBufferedRows", "must be at least maxRows");
}
