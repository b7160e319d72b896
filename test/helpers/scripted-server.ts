import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * What the scripted server does with one request: answer it, reset the connection (an RST:
 * the client sees ECONNRESET) or never answer (the socket is destroyed on `stop()`).
 */
export type ScriptedReply =
  | { status: number; headers?: Record<string, string>; body?: string }
  | { action: 'reset' }
  | { action: 'hang' };

/** A request the scripted server received. */
export interface ReceivedRequest {
  method: string;
  /** The raw path and query, as sent. */
  url: string;
  /** Lowercase names, as node:http gives them. */
  headers: IncomingHttpHeaders;
  body: string;
}

/** Picks the reply to a request when no queued reply is left. */
export type Responder = (request: ReceivedRequest) => ScriptedReply;

export interface ScriptedServer {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  readonly port: number;
  /** Every request received, in order. */
  readonly requests: ReceivedRequest[];
  /** Queues replies for the next requests, in order, ahead of the responder. */
  enqueue(...replies: ScriptedReply[]): void;
  /** Replaces the responder used once the queue is empty. */
  respondWith(responder: Responder): void;
  /** Closes the server and destroys every open socket, hanging requests included. */
  stop(): Promise<void>;
}

/** A JSON reply with `X-Request-Id` when given. */
export const jsonReply = (
  status: number,
  value: unknown,
  headers: Record<string, string> = {},
): ScriptedReply => ({
  status,
  headers: { 'Content-Type': 'application/json;charset=UTF-8', ...headers },
  body: JSON.stringify(value),
});

const notScripted: Responder = () =>
  jsonReply(599, { error_code: 'TEST.5990000', error_msg: 'no reply was scripted' });

/**
 * Starts a tiny HTTP server on 127.0.0.1 (any free port) that answers scripted replies and
 * records every request, for tests that talk to a real socket instead of a mocked `fetch`.
 * `port` picks the port (default 0: any free one).
 *
 * @example
 * ```ts
 * const server = await startScriptedServer();
 * server.enqueue(jsonReply(200, { operation_id: 'op' }));
 * await fetch(`${server.url}/v2/p/members/quit`, { method: 'PUT' });
 * server.requests[0]?.method; // 'PUT'
 * await server.stop();
 * ```
 */
export const startScriptedServer = async (
  responder: Responder = notScripted,
  { port: wantedPort = 0 }: { port?: number } = {},
): Promise<ScriptedServer> => {
  const queue: ScriptedReply[] = [];
  const requests: ReceivedRequest[] = [];
  const sockets = new Set<Socket>();
  let respond = responder;

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request: ReceivedRequest = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(request);
      const reply = queue.shift() ?? respond(request);
      if ('action' in reply) {
        if (reply.action === 'reset') req.socket.resetAndDestroy();
        return;
      }
      res.writeHead(reply.status, reply.headers ?? {});
      res.end(reply.body ?? '');
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(wantedPort, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  let stopping: Promise<void> | undefined;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    enqueue: (...replies) => {
      queue.push(...replies);
    },
    respondWith: (next) => {
      respond = next;
    },
    stop: () => {
      stopping ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
      return stopping;
    },
  };
};
