import { createServer, request } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** One AWS call that went through the recorder, and what the emulator answered. */
export interface AwsCall {
  /** The signing name of the credential scope: `dynamodb`, `sqs`, `events`, `lambda`... */
  service: string;
  /** The API operation: from `x-amz-target` (`PutItem`), else Lambda's `Invoke`, else the path. */
  operation: string;
  /** The request's path and query, as sent. */
  path: string;
  /** The access key id the request was signed with (which role, or the admin). */
  accessKeyId: string;
  /** The headers the signature covers (`SignedHeaders`). */
  signedHeaders: string[];
  /** The names of the headers sent, in lower case. */
  sentHeaders: string[];
  status: number;
  /** The error name the emulator answered with (`AccessDenied`, `SignatureDoesNotMatch`...). */
  error?: string;
  /** The request's body as sent (a Lambda invocation's payload). */
  body: string;
}

const CREDENTIAL = /Credential=([^/]+)\/[^/]+\/[^/]+\/([^/]+)\//;
const SIGNED_HEADERS = /SignedHeaders=([^,\s]+)/;

/** The error name of an answer: JSON `__type` or `code`, or the `<Code>` of an XML body. */
const errorNameOf = (body: string, headers: Record<string, unknown>): string | undefined => {
  const header = headers['x-amzn-errortype'];
  if (typeof header === 'string') return header.split(':')[0];
  try {
    const json = JSON.parse(body) as { __type?: unknown; code?: unknown };
    const name = json.__type ?? json.code;
    if (typeof name === 'string') return name.split('#').at(-1);
  } catch {
    // An XML body (moto answers its IAM refusals in XML, whatever the protocol).
  }
  return /<Code>([^<]+)<\/Code>/.exec(body)?.[1];
};

const operationOf = (path: string, target: string | undefined): string => {
  if (target !== undefined) return target.split('.').at(-1) ?? target;
  if (/^\/2015-03-31\/functions\/[^/]+\/invocations/.test(path)) return 'Invoke';
  return path;
};

/**
 * A pass-through proxy on 127.0.0.1 in front of an AWS emulator (moto), recording every call
 * and the answer. Requests go on untouched, `host` header included: their SigV4 signature
 * (which covers `host`) stays valid. Point every client at its `url` (an SQS queue created
 * through it has its URL on it too, so `SendMessage` comes through it as well).
 *
 * @example
 * ```ts
 * const recorder = await startAwsCallRecorder(moto.url);
 * // ... AWS_ENDPOINT_URL: recorder.url
 * expect(recorder.calls).toContainEqual(expect.objectContaining({ operation: 'PutItem', status: 403 }));
 * ```
 */
export const startAwsCallRecorder = async (target: string) => {
  const { hostname, port: targetPort } = new URL(target);
  const calls: AwsCall[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const body = Buffer.concat(chunks);
      const forward = request(
        {
          hostname,
          port: targetPort,
          method: incoming.method,
          path: incoming.url,
          headers: incoming.headers,
        },
        (answer) => {
          const answered: Buffer[] = [];
          answer.on('data', (chunk: Buffer) => answered.push(chunk));
          answer.on('end', () => {
            const text = Buffer.concat(answered).toString('utf8');
            const authorization = String(incoming.headers.authorization ?? '');
            const [, accessKeyId = '', service = ''] = CREDENTIAL.exec(authorization) ?? [];
            const [, signedHeaders = ''] = SIGNED_HEADERS.exec(authorization) ?? [];
            const status = answer.statusCode ?? 0;
            const error = status >= 400 ? errorNameOf(text, answer.headers) : undefined;
            calls.push({
              service,
              operation: operationOf(
                incoming.url ?? '',
                incoming.headers['x-amz-target'] as string | undefined,
              ),
              path: incoming.url ?? '',
              accessKeyId,
              signedHeaders: signedHeaders.split(';').filter(Boolean),
              sentHeaders: Object.keys(incoming.headers),
              status,
              ...(error === undefined ? {} : { error }),
              body: body.toString('utf8'),
            });
            outgoing.writeHead(status, answer.headers).end(Buffer.concat(answered));
          });
        },
      );
      forward.on('error', () => outgoing.destroy());
      forward.end(body);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    /** Every call so far, in the order answered. */
    calls,
    /** Forgets the calls recorded so far. */
    clear: () => {
      calls.length = 0;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
};

export type AwsCallRecorder = Awaited<ReturnType<typeof startAwsCallRecorder>>;
