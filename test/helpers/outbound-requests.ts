import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { ClientRequest } from 'node:http';
import type { Socket } from 'node:net';

/** One HTTP request this process started, or one TCP connection it opened. */
export interface Outbound {
  /** `fetch` (undici), `http` (node:http, as the AWS SDK uses it) or a raw `tcp` connection. */
  via: 'fetch' | 'http' | 'tcp';
  /** `http://127.0.0.1:4000`; for `tcp`, `tcp://<address>:<port>` once connected. */
  origin: string;
  /** The path and query of a request; empty for a connection. */
  path: string;
}

/**
 * Records every HTTP request and TCP connection this process starts, through Node's
 * diagnostics channels: whatever the code under test calls (fetch, node:http, the AWS SDK,
 * a raw socket), it is seen here, without mocking anything. A request to a host that does not
 * resolve is recorded too (the request is created before the lookup).
 *
 * @example
 * ```ts
 * const outbound = recordOutbound();
 * await handler(event, lambdaContext());
 * expect(outbound.origins()).toEqual(new Set([sim.url]));
 * outbound.stop();
 * ```
 */
export const recordOutbound = () => {
  const seen: Outbound[] = [];
  const onFetch = (message: unknown) => {
    const { request } = message as { request: { origin: unknown; path: unknown } };
    seen.push({ via: 'fetch', origin: String(request.origin), path: String(request.path) });
  };
  const onHttp = (message: unknown) => {
    const { request } = message as { request: ClientRequest };
    seen.push({
      via: 'http',
      origin: `${request.protocol}//${String(request.getHeader('host'))}`,
      path: request.path,
    });
  };
  const onSocket = (message: unknown) => {
    const { socket } = message as { socket: Socket };
    socket.once('connect', () => {
      seen.push({
        via: 'tcp',
        origin: `tcp://${socket.remoteAddress}:${socket.remotePort}`,
        path: '',
      });
    });
  };
  subscribe('undici:request:create', onFetch);
  subscribe('http.client.request.start', onHttp);
  subscribe('net.client.socket', onSocket);
  return {
    /** Everything recorded so far. */
    all: (): readonly Outbound[] => seen,
    /** Forgets what was recorded so far. */
    clear: () => {
      seen.length = 0;
    },
    stop: () => {
      unsubscribe('undici:request:create', onFetch);
      unsubscribe('http.client.request.start', onHttp);
      unsubscribe('net.client.socket', onSocket);
    },
  };
};

export type OutboundRecorder = ReturnType<typeof recordOutbound>;

/**
 * What was recorded that goes anywhere but `allowed` (origins such as `http://127.0.0.1:4000`;
 * a connection is allowed when its address and port are those of an allowed origin).
 */
export const strayOutbound = (
  recorded: readonly Outbound[],
  allowed: readonly string[],
): Outbound[] => {
  const origins = new Set(allowed.map((url) => new URL(url).origin));
  const sockets = new Set(
    allowed.map((url) => {
      const { hostname, port } = new URL(url);
      return `tcp://${hostname}:${port}`;
    }),
  );
  return recorded.filter((outbound) =>
    outbound.via === 'tcp' ? !sockets.has(outbound.origin) : !origins.has(outbound.origin),
  );
};
