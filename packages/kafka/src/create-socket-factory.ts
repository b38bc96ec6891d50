import net from "node:net";
import tls from "node:tls";
import type { ISocketFactory } from "kafkajs";

const KEEP_ALIVE_DELAY_MS = 60_000;

export interface SocketConnectors {
  connect: (options: net.NetConnectOpts, onConnect: () => void) => net.Socket;
  connectTls: (options: tls.ConnectionOptions, onConnect: () => void) => net.Socket;
}

const NODE_CONNECTORS: SocketConnectors = { connect: net.connect, connectTls: tls.connect };

/**
 * kafkajs' own socket factory plus TCP_NODELAY. Its requests are small and each
 * waits for an answer, so Nagle's algorithm never batches anything useful; it
 * only holds a request back while an earlier one on the same connection (a
 * commit or heartbeat beside a long-polling fetch) is unacknowledged, up to the
 * broker's delayed ACK (40 ms on Linux): a tail on every result's way.
 */
export function createSocketFactory(connectors: SocketConnectors = NODE_CONNECTORS): ISocketFactory {
  return ({ host, port, ssl, onConnect }) => {
    const socket = ssl
      ? connectors.connectTls({ host, port, ...(net.isIP(host) ? {} : { servername: host }), ...ssl }, onConnect)
      : connectors.connect({ host, port }, onConnect);
    socket.setKeepAlive(true, KEEP_ALIVE_DELAY_MS);
    socket.setNoDelay(true);
    return socket;
  };
}
