/**
 * A small stand-in for API Gateway's HTTP API on loopback, for `npm start`: it matches the
 * routes of serverless.yml, turns each request into a payload 2.0 event, invokes the built
 * bundle (one warm module per function, as one Lambda container) and writes its answer back.
 * Authorization is not emulated: deployed routes require AWS IAM or JWT auth.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';

export interface LocalRoute {
  method: string;
  /** API Gateway's route path, e.g. `/v2/{project_id}/members/quit`. */
  path: string;
  functionName: string;
  /** Lambda timeout of the function, in seconds (serverless.yml). */
  timeoutSeconds: number;
}

/** The HTTP routes of serverless.yml; a test keeps the two in step. */
export const localRoutes: LocalRoute[] = [
  {
    method: 'PUT',
    path: '/v2/{project_id}/members/quit',
    functionName: 'http-quit-consortium',
    timeoutSeconds: 10,
  },
  {
    method: 'PUT',
    path: '/v2/{project_id}/blockchains/{blockchain_id}/{channel_id}/orgs/quit',
    functionName: 'http-remove-channel-orgs',
    timeoutSeconds: 10,
  },
];

type Handler = (
  event: APIGatewayProxyEventV2,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;

const dist = new URL('../dist/', import.meta.url).pathname;

/**
 * Starts the gateway on `port` (0: any free port) and resolves with its URL.
 *
 * @example
 * ```ts
 * const gateway = await startLocalGateway({ port: 3000 });
 * console.log(gateway.url);
 * ```
 */
export const startLocalGateway = async ({
  port = 0,
  routes = localRoutes,
}: {
  port?: number;
  routes?: LocalRoute[];
} = {}) => {
  const handlers = new Map<string, Promise<Handler>>();
  const handlerOf = (name: string) => {
    let handler = handlers.get(name);
    if (!handler) {
      handler = import(pathToFileURL(join(dist, name, 'index.mjs')).href).then(
        (module: { handler: Handler }) => module.handler,
      );
      handlers.set(name, handler);
    }
    return handler;
  };
  const matchers = routes.map((route) => ({ route, ...compile(route.path) }));
  let invocations = 0;

  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = req.method ?? 'GET';
    const matched = matchers
      .filter(({ route }) => route.method === method)
      .map(({ route, pattern, names }) => ({ route, names, match: pattern.exec(url.pathname) }))
      .find(({ match }) => match !== null);
    if (!matched?.match) {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"Not Found"}');
      return;
    }
    const { route, names, match } = matched;
    const pathParameters = Object.fromEntries(
      names.map((name, i) => [name, decodeURIComponent(match[i + 1] ?? '')]),
    );
    const body = await readBody(req);
    invocations += 1;
    const event = toEvent(req, url, route, pathParameters, body);
    const context = toContext(route, invocations);
    try {
      const result = await (await handlerOf(route.functionName))(event, context);
      const payload =
        result.isBase64Encoded && result.body
          ? Buffer.from(result.body, 'base64')
          : (result.body ?? '');
      res.writeHead(result.statusCode ?? 200, toHeaders(result.headers)).end(payload);
    } catch (error) {
      // Lambda itself answers like this when a function throws instead of answering.
      console.error(`${route.functionName} threw:`, error);
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end('{"message":"Internal Server Error"}');
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const { port: boundPort } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${boundPort}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};

/** `/v2/{project_id}/members/quit` → a regular expression and the parameter names. */
const compile = (path: string) => {
  const names: string[] = [];
  const source = path
    .split('/')
    .map((segment) => {
      const param = /^\{(\w+)\}$/.exec(segment);
      if (!param) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(param[1] as string);
      return '([^/]+)';
    })
    .join('/');
  return { pattern: new RegExp(`^${source}$`), names };
};

const readBody = async (req: IncomingMessage): Promise<string | undefined> => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return chunks.length === 0 ? undefined : Buffer.concat(chunks).toString('utf8');
};

const toEvent = (
  req: IncomingMessage,
  url: URL,
  route: LocalRoute,
  pathParameters: Record<string, string>,
  body: string | undefined,
): APIGatewayProxyEventV2 => {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  const now = Date.now();
  return {
    version: '2.0',
    routeKey: `${route.method} ${route.path}`,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers,
    requestContext: {
      accountId: 'offline',
      apiId: 'local',
      domainName: url.host,
      domainPrefix: 'local',
      http: {
        method: route.method,
        path: url.pathname,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: `local-${now}`,
      routeKey: `${route.method} ${route.path}`,
      stage: '$default',
      time: new Date(now).toISOString(),
      timeEpoch: now,
    },
    pathParameters,
    ...(body === undefined ? {} : { body }),
    isBase64Encoded: false,
  };
};

const toContext = (route: LocalRoute, invocation: number): Context => {
  const deadline = Date.now() + route.timeoutSeconds * 1000;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: route.functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${route.functionName}`,
    memoryLimitInMB: '128',
    awsRequestId: `local-${process.pid}-${invocation}`,
    logGroupName: `/aws/lambda/${route.functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
};

const toHeaders = (headers: APIGatewayProxyStructuredResultV2['headers']) =>
  Object.fromEntries(Object.entries(headers ?? {}).map(([name, value]) => [name, String(value)]));
