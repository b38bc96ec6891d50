/**
 * The largest SQL text either store accepts (max_query_size, set per request on
 * the server and per session on chDB): the batch writer's id lookups run to
 * hundreds of KiB, past 18.16's default of 256 KiB.
 */
export const MAX_QUERY_BYTES = 4 * 1024 * 1024;
