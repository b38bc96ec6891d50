import { readFileSync } from "node:fs";
import { createServer } from "node:net";

/** Below the cluster suite's fixed ports (29092 and up) and above the usual services. */
const FIRST_CHOICE = 20_000;
const LAST_CHOICE = 28_999;
const ATTEMPTS = 50;
const handedOut = new Set<number>();

/**
 * A TCP port that was free a moment ago, chosen below the kernel's ephemeral range.
 * A client that dials a port in that range before anything listens there can be
 * connected to itself (Linux picks the same source port now and then), and the port
 * then looks taken by "something that does not answer"; outgoing connections can also
 * take such a port between this check and the server's bind.
 */
export async function freePort(): Promise<number> {
  const last = Math.min(LAST_CHOICE, ephemeralRangeStart() - 1);
  for (let attempt = 0; attempt < ATTEMPTS && last >= FIRST_CHOICE; attempt += 1) {
    const port = FIRST_CHOICE + Math.floor(Math.random() * (last - FIRST_CHOICE + 1));
    if (handedOut.has(port)) continue;
    if (await canListen(port)) {
      handedOut.add(port);
      return port;
    }
  }
  return kernelChosenPort();
}

/** The first port of the kernel's ephemeral range (Linux), or the IANA default elsewhere. */
export function ephemeralRangeStart(): number {
  try {
    const [start] = readFileSync("/proc/sys/net/ipv4/ip_local_port_range", "utf8").trim().split(/\s+/);
    const parsed = Number(start);
    return Number.isInteger(parsed) && parsed > 0 ? parsed : 49_152;
  } catch {
    return 49_152;
  }
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolveListen) => {
    const server = createServer();
    server.once("error", () => resolveListen(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolveListen(true)));
  });
}

function kernelChosenPort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}
