const MAX_HEARTBEAT_INTERVAL_MS = 3_000;

/**
 * Consumer group timing from one session timeout: heartbeats at a third of
 * it (the broker's rule of thumb), never rarer than every 3 s.
 */
export function consumerSessionSettings(sessionTimeoutMs: number): { sessionTimeoutMs: number; heartbeatIntervalMs: number } {
  return { sessionTimeoutMs, heartbeatIntervalMs: Math.min(MAX_HEARTBEAT_INTERVAL_MS, Math.floor(sessionTimeoutMs / 3)) };
}
