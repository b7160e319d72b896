import { createServer, type IncomingMessage, request } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * What the proxy does with one AWS call instead of forwarding it plainly:
 * - `hang`: never answers (the socket stays open until the client leaves or the proxy stops);
 * - `reset`: resets the connection without forwarding (the client sees ECONNRESET);
 * - `lose-answer`: forwards the call, so that the service applies it, then drops the
 *   connection instead of answering;
 * - `{ status, headers?, body? }`: answers this itself, without forwarding (a throttle, a 5xx).
 */
export type Fault =
  | 'hang'
  | 'reset'
  | 'lose-answer'
  | { status: number; headers?: Record<string, string>; body?: string };

export interface FaultProxy {
  /** `http://127.0.0.1:<port>`: an AWS endpoint in front of the target. */
  readonly url: string;
  /** Every call that reached the proxy, by operation (`PutItem`, `Invoke`, ...), in order. */
  readonly calls: string[];
  /** The calls forwarded to the target: those the service saw. */
  readonly forwarded: string[];
  /** The next calls of `operation` meet these faults, in order; later ones are forwarded. */
  inject(operation: string, ...faults: Fault[]): void;
  /** Forgets the faults not met yet and the calls seen. */
  reset(): void;
  stop(): Promise<void>;
}

/** The operation of an AWS call: `X-Amz-Target`'s last part, or `Invoke` for Lambda's path. */
const operationOf = (req: IncomingMessage): string => {
  const target = req.headers['x-amz-target'];
  if (typeof target === 'string') return target.split('.').pop() ?? target;
  return /\/functions\/[^/]+\/invocations/.test(req.url ?? '')
    ? 'Invoke'
    : `${req.method} ${req.url}`;
};

/**
 * Starts a proxy on 127.0.0.1 in front of an AWS emulator (`target`, such as moto's URL) that
 * forwards every call untouched (its Host header too, so that a signature still holds) except
 * the ones given a {@link Fault}, and records which calls came and which were forwarded.
 *
 * @example
 * ```ts
 * const proxy = await startFaultProxy(moto.url);
 * proxy.inject('PutItem', 'lose-answer');
 * // ... a client with AWS_ENDPOINT_URL = proxy.url
 * proxy.forwarded; // ['PutItem', 'PutItem']
 * ```
 */
export const startFaultProxy = async (target: string): Promise<FaultProxy> => {
  const faults = new Map<string, Fault[]>();
  const calls: string[] = [];
  const forwarded: string[] = [];
  const sockets = new Set<Socket>();
  const upstream = new URL(target);

  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const operation = operationOf(req);
    calls.push(operation);
    const fault = faults.get(operation)?.shift();
    if (fault === 'hang') return;
    if (fault === 'reset') {
      req.socket.resetAndDestroy();
      return;
    }
    if (typeof fault === 'object') {
      res.writeHead(fault.status, fault.headers ?? {}).end(fault.body ?? '');
      return;
    }
    forwarded.push(operation);
    const answer = await forward(upstream, req, Buffer.concat(chunks)).catch(() => undefined);
    if (answer === undefined) {
      res.writeHead(502).end('the target did not answer');
      return;
    }
    if (fault === 'lose-answer') {
      req.socket.destroy(); // the service applied it; the client sees the connection drop
      return;
    }
    res.writeHead(answer.status, answer.headers).end(answer.body);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));

  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls,
    forwarded,
    inject: (operation, ...next) => {
      faults.set(operation, next);
    },
    reset: () => {
      faults.clear();
      calls.length = 0;
      forwarded.length = 0;
    },
    stop: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
};

/** Sends the call on to the target as it came, Host header included. */
const forward = (
  upstream: URL,
  req: IncomingMessage,
  body: Buffer,
): Promise<{ status: number; headers: Record<string, string | string[]>; body: Buffer }> =>
  new Promise((resolve, reject) => {
    const headers = { ...req.headers };
    delete headers.connection;
    const out = request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers,
      },
      async (answer) => {
        const chunks: Buffer[] = [];
        for await (const chunk of answer) chunks.push(chunk as Buffer);
        const kept = Object.entries(answer.headers).filter(
          ([name]) => name !== 'connection' && name !== 'transfer-encoding',
        );
        resolve({
          status: answer.statusCode ?? 502,
          headers: Object.fromEntries(kept) as Record<string, string | string[]>,
          body: Buffer.concat(chunks),
        });
      },
    );
    out.once('error', reject);
    out.end(body);
  });
