/**
 * A small stand-in for API Gateway's HTTP API on loopback, for `npm start`: it matches the
 * routes of serverless.yml, turns each request into a payload 2.0 event, invokes the built
 * bundle (one warm module per function, as one Lambda container) and writes its answer back.
 * Authorization is not emulated: deployed routes require AWS IAM or JWT auth.
 *
 * It also emulates the one Lambda API the functions call, Invoke
 * (`POST /2015-03-31/functions/{name}/invocations`), so that the Slack command's asynchronous
 * invocation of its worker runs locally: point the AWS SDK at it with
 * `AWS_ENDPOINT_URL_LAMBDA=<gateway url>`.
 *
 * What the event functions publish or dead-letter through its AWS stand-ins is printed, and
 * kept (the last {@link MAX_ARRIVALS}) for `GET /__local/arrivals?correlation_id=<id>&after=<seq>`:
 * `{"last": <seq>, "arrivals": [{"seq", "kind", "correlation_id", ...}]}`, the arrivals after
 * `seq` for any of the correlation ids given (all without one). `scripts/event-sample.ts`
 * prints with it what became of the request it sent.
 *
 * With `tracking`, it also runs what follows an accepted operation to its end
 * (scripts/local-tracking-queue.ts): the outcome bus's `AcceptedOperationsRule` and the
 * tracking queue, whose messages (the rule's, the Slack worker's on-success destination
 * records, the tracker's delayed look-ups) it hands to `operation-tracker` when their delay
 * has passed.
 */

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';
import { httpRoutes } from '../lib/operations/catalogue.ts';
import {
  ARRIVALS_PATH,
  type Arrival,
  answerAwsCall,
  type LocalTracking,
} from './local-aws-services.ts';
import { localIdempotencyTable } from './local-idempotency-table.ts';
import {
  destinationRecord,
  type LocalTrackingQueue,
  localTrackingQueue,
  localTrackingQueueUrl,
} from './local-tracking-queue.ts';

export interface LocalRoute {
  method: string;
  /** API Gateway's route path, e.g. `/v2/{project_id}/members/quit`. */
  path: string;
  functionName: string;
  /** Lambda timeout of the function, in seconds (serverless.yml). */
  timeoutSeconds: number;
}

/**
 * The HTTP routes of serverless.yml: each operation's, from the catalogue, and Slack's; a
 * test keeps them and serverless.yml in step.
 */
export const localRoutes: LocalRoute[] = [
  ...httpRoutes.map(({ method, path, functionName }) => ({
    method,
    path,
    functionName,
    timeoutSeconds: 10,
  })),
  { method: 'POST', path: '/slack/commands', functionName: 'slack-command', timeoutSeconds: 10 },
];

/** A function invoked through the Lambda API rather than a route. */
export interface LocalFunction {
  functionName: string;
  /** Lambda timeout of the function, in seconds (serverless.yml). */
  timeoutSeconds: number;
  /** What it returns from an asynchronous invocation goes to the tracking queue (serverless.yml's `destinations.onSuccess`). */
  onSuccessToTrackingQueue?: true;
}

/** The functions of serverless.yml that other functions invoke (Lambda Invoke). */
export const localInvokedFunctions: LocalFunction[] = [
  { functionName: 'slack-worker', timeoutSeconds: 30, onSuccessToTrackingQueue: true },
  { functionName: 'slack-status', timeoutSeconds: 30 },
  // Invoked by scripts/event-sample.ts, as EventBridge and SQS would.
  { functionName: 'eventbridge-offboard', timeoutSeconds: 30 },
  { functionName: 'sqs-offboard', timeoutSeconds: 30 },
];

/** The function the tracking queue feeds (serverless.yml). */
const trackerFunction: LocalFunction = { functionName: 'operation-tracker', timeoutSeconds: 30 };

const printAwsCall = (line: string) => console.log(line);

/** How many outcome events and dead-lettered messages the gateway keeps for the samples. */
export const MAX_ARRIVALS = 1000;

/** Lambda's Invoke API: `POST /2015-03-31/functions/{FunctionName}/invocations`. */
const INVOKE_PATH = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/;

// biome-ignore lint/suspicious/noExplicitAny: a bundle's handler takes the event of its trigger.
export type Handler = (event: any, context: Context) => Promise<any>;

/** One warm module per function (one Lambda container), imported from `dist/` on first use. */
const warmModules = () => {
  const handlers = new Map<string, Promise<Handler>>();
  return (name: string): Promise<Handler> => {
    let handler = handlers.get(name);
    if (!handler) {
      handler = import(pathToFileURL(join(dist, name, 'index.mjs')).href).then(
        (module: { handler: Handler }) => module.handler,
      );
      handlers.set(name, handler);
    }
    return handler;
  };
};

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
  invokedFunctions = localInvokedFunctions,
  load = warmModules(),
  now = Date.now,
  tracking,
}: {
  port?: number;
  routes?: LocalRoute[];
  invokedFunctions?: LocalFunction[];
  /** The handler of a function (default: its bundle in `dist/`, imported once). */
  load?: (functionName: string) => Promise<Handler>;
  /** The clock the idempotency table expires items by (a test that fixes its clock passes it). */
  now?: () => number;
  /**
   * Follow accepted operations to their end: the outcome rule and the tracking queue (at
   * `localTrackingQueueUrl(url)`) feed `operation-tracker`, on the bus `busName` (default
   * `default`), every delay times `delayScale` (default 1: SQS's time).
   */
  tracking?: { delayScale?: number; busName?: string };
} = {}) => {
  const matchers = routes.map((route) => ({ route, ...compile(route.path) }));
  const background = new Set<Promise<unknown>>();
  const idempotencyTable = localIdempotencyTable({ now });
  let invocations = 0;
  const arrivals: (Arrival & { seq: number })[] = [];
  let lastArrival = 0;
  const keepArrival = (arrival: Arrival) => {
    lastArrival += 1;
    arrivals.push({ seq: lastArrival, ...arrival });
    arrivals.splice(0, arrivals.length - MAX_ARRIVALS);
  };
  const trackingQueue: LocalTrackingQueue | undefined =
    tracking &&
    localTrackingQueue({
      delayScale: tracking.delayScale ?? 1,
      print: printAwsCall,
      deliver: async (event) => {
        invocations += 1;
        return (await load(trackerFunction.functionName))(
          event,
          toContext(trackerFunction, invocations),
        );
      },
    });
  /** Set once the gateway listens: its URL names the tracking queue. */
  let trackingRoute: LocalTracking | undefined;

  // A caller's X-Auth-Token may be 32,768 characters (Huawei's limit): more than Node's default
  // 16 KiB of headers.
  const server: Server = createServer({ maxHeaderSize: 64 * 1024 }, async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = req.method ?? 'GET';
    const awsTarget = req.headers['x-amz-target'];
    if (method === 'POST' && url.pathname === '/' && typeof awsTarget === 'string') {
      const body = (await readBody(req))?.toString('utf8') ?? '{}';
      const answer =
        idempotencyTable.answer(awsTarget, body) ??
        answerAwsCall(awsTarget, body, printAwsCall, keepArrival, trackingRoute);
      if (answer) res.writeHead(answer.status, answer.headers).end(answer.body);
      else
        res
          .writeHead(400, { 'content-type': 'application/json' })
          .end('{"__type":"UnknownOperationException"}');
      return;
    }
    if (method === 'GET' && url.pathname === ARRIVALS_PATH) {
      const ids = url.searchParams.getAll('correlation_id');
      const after = Number(url.searchParams.get('after') ?? 0);
      const found = arrivals.filter(
        ({ seq, correlation_id }) =>
          seq > after && (ids.length === 0 || ids.includes(String(correlation_id))),
      );
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ last: lastArrival, arrivals: found }));
      return;
    }
    const invoked = method === 'POST' ? INVOKE_PATH.exec(url.pathname) : null;
    if (invoked) {
      invocations += 1;
      const name = functionNameOf(decodeURIComponent(invoked[1] ?? ''));
      const target = invokedFunctions.find(({ functionName }) => functionName === name);
      const payload = await readBody(req);
      await invoke(target, name, payload, req, res, invocations);
      return;
    }
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
      const result = (await (
        await load(route.functionName)
      )(event, context)) as APIGatewayProxyStructuredResultV2;
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

  /**
   * Lambda's Invoke: `Event` answers 202 at once and runs the function in the background (as
   * Lambda's queue would); `RequestResponse` answers 200 with the function's result, or with
   * `X-Amz-Function-Error` and the error when it throws; `DryRun` answers 204.
   */
  const invoke = async (
    target: LocalFunction | undefined,
    name: string,
    payload: Buffer | undefined,
    req: IncomingMessage,
    res: ServerResponse,
    invocation: number,
  ) => {
    const requestId = `local-invoke-${process.pid}-${invocation}`;
    const lambdaError = (status: number, type: string, message: string) =>
      res
        .writeHead(status, {
          'content-type': 'application/json',
          'x-amzn-errortype': type,
          'x-amzn-requestid': requestId,
        })
        .end(JSON.stringify({ Type: 'User', message }));
    if (!target) {
      lambdaError(404, 'ResourceNotFoundException', `Function not found: ${name}`);
      return;
    }
    let event: unknown;
    try {
      event = JSON.parse(payload === undefined ? '{}' : payload.toString('utf8'));
    } catch {
      lambdaError(400, 'InvalidRequestContentException', 'Could not parse request body into json');
      return;
    }
    const type = String(req.headers['x-amz-invocation-type'] ?? 'RequestResponse');
    const run = async () => (await load(target.functionName))(event, toContext(target, invocation));
    if (type === 'DryRun') {
      res.writeHead(204, { 'x-amzn-requestid': requestId }).end();
    } else if (type === 'Event') {
      res.writeHead(202, { 'x-amzn-requestid': requestId }).end();
      const running = run()
        .then((result: unknown) => {
          // Lambda's on-success destination: the record of this run, on the tracking queue.
          if (!trackingQueue || !target.onSuccessToTrackingQueue) return;
          const record = destinationRecord(target.functionName, requestId, event, result);
          if (result != null) {
            printAwsCall(
              `[Lambda destination → SQS tracking queue] ${target.functionName} returned ${JSON.stringify(result)}`,
            );
          }
          trackingQueue.send(JSON.stringify(record));
        })
        .catch((error: unknown) => console.error(`${target.functionName} threw:`, error))
        .finally(() => background.delete(running));
      background.add(running);
    } else {
      const headers = {
        'content-type': 'application/json',
        'x-amzn-requestid': requestId,
        'x-amz-executed-version': '$LATEST',
      };
      try {
        const result = await run();
        res.writeHead(200, headers).end(JSON.stringify(result ?? null));
      } catch (error) {
        const { name: errorType, message: errorMessage } =
          error instanceof Error ? error : { name: 'Error', message: String(error) };
        res
          .writeHead(200, { ...headers, 'x-amz-function-error': 'Unhandled' })
          .end(JSON.stringify({ errorType, errorMessage }));
      }
    }
  };

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const { port: boundPort } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${boundPort}`;
  if (trackingQueue) {
    trackingRoute = {
      busName: tracking?.busName ?? 'default',
      queueUrl: localTrackingQueueUrl(url),
      queue: trackingQueue,
    };
  }
  /** Resolves once every invocation running in the background has ended. */
  const settled = async () => {
    while (background.size > 0) await Promise.allSettled([...background]);
  };
  return {
    url,
    settled,
    /** Resolves once the tracking queue is empty and idle: every operation followed to its end. */
    tracked: async () => {
      await settled();
      await trackingQueue?.drained();
    },
    close: async () => {
      trackingQueue?.close();
      await settled();
      await trackingQueue?.drained();
      await new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
    },
  };
};

/** `slack-worker` from `slack-worker`, `slack-worker:$LATEST` or a function ARN. */
const functionNameOf = (nameOrArn: string): string => {
  const arn = /^arn:[^:]+:lambda:[^:]*:[^:]*:function:([^:]+)/.exec(nameOrArn);
  return arn ? (arn[1] as string) : (nameOrArn.split(':')[0] ?? nameOrArn);
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

const readBody = async (req: IncomingMessage): Promise<Buffer | undefined> => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return chunks.length === 0 ? undefined : Buffer.concat(chunks);
};

/**
 * API Gateway hands a Lambda function the body as text only for textual content types
 * (`text/*`, JSON, XML, JavaScript); any other body (a form, as Slack sends) arrives
 * base64-encoded, with `isBase64Encoded: true`.
 */
const isTextual = (contentType: string | undefined): boolean =>
  /^(text\/|application\/([\w.+-]*\+)?(json|xml|javascript)\b)/i.test(contentType ?? '');

const toEvent = (
  req: IncomingMessage,
  url: URL,
  route: LocalRoute,
  pathParameters: Record<string, string>,
  body: Buffer | undefined,
): APIGatewayProxyEventV2 => {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  const now = Date.now();
  const textual = isTextual(headers['content-type']);
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
    ...(body === undefined ? {} : { body: body.toString(textual ? 'utf8' : 'base64') }),
    isBase64Encoded: body !== undefined && !textual,
  };
};

const toContext = (route: LocalFunction, invocation: number): Context => {
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
