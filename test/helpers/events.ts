import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { defaultSeed } from '../../simulator/seed.ts';

/**
 * What API Gateway's AWS IAM authorizer puts in a payload 2.0 request context: the signer of
 * the request (an IAM user here; an assumed role's session has an `sts` ARN).
 */
export const iamAuthorizer = {
  iam: {
    accessKey: 'ASIAJ2EXAMPLEKEY7K4Q',
    accountId: '210987654321',
    callerId: 'AIDAJQABLZS4A3QDU576Q',
    cognitoIdentity: null,
    principalOrgId: 'o-a1b2c3d4e5',
    userArn: 'arn:aws:iam::210987654321:user/alice',
    userId: 'AIDAJQABLZS4A3QDU576Q',
  },
};

/** What API Gateway's JWT authorizer puts in a payload 2.0 request context: the token's claims. */
export const jwtAuthorizer = {
  jwt: {
    claims: {
      aud: 'bcs-offboard',
      exp: '1795341600',
      iat: '1795338000',
      iss: 'https://issuer.example.com',
      sub: 'b7f3a1c2-0d4e-4f5a-8b6c-7d8e9f0a1b2c',
    },
    scopes: null,
  },
};

export interface HttpEventOptions {
  method?: string;
  routeKey: string;
  rawPath: string;
  pathParameters?: Record<string, string>;
  headers?: Record<string, string>;
  /** An object is sent as JSON; a string is sent as is. */
  body?: unknown;
  isBase64Encoded?: boolean;
  /** The route's authorizer context ({@link iamAuthorizer}, {@link jwtAuthorizer}); none: Slack's route. */
  authorizer?: object;
}

/**
 * An API Gateway HTTP API (payload 2.0) event as AWS sends it: lower-case header names,
 * `requestContext.http`, a body string (base64 when `isBase64Encoded`), the authorizer's
 * context when the route has one.
 */
export const httpEvent = ({
  method = 'PUT',
  routeKey,
  rawPath,
  pathParameters,
  headers = { 'content-type': 'application/json' },
  body,
  isBase64Encoded = false,
  authorizer,
}: HttpEventOptions): APIGatewayProxyEventV2 => {
  const text =
    body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
  const lowerHeaders = Object.fromEntries(
    Object.entries({ host: 'abc123.execute-api.eu-west-1.amazonaws.com', ...headers }).map(
      ([name, value]) => [name.toLowerCase(), value],
    ),
  );
  return {
    version: '2.0',
    routeKey: `${method} ${routeKey}`,
    rawPath,
    rawQueryString: '',
    headers: lowerHeaders,
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc123',
      domainName: 'abc123.execute-api.eu-west-1.amazonaws.com',
      domainPrefix: 'abc123',
      http: {
        method,
        path: rawPath,
        protocol: 'HTTP/1.1',
        sourceIp: '192.0.2.10',
        userAgent: 'curl/8.5.0',
      },
      requestId: 'JKJaXmPLvHcESHA=',
      routeKey: `${method} ${routeKey}`,
      stage: '$default',
      time: '23/Nov/2026:09:00:00 +0000',
      timeEpoch: 1795338000000,
      ...(authorizer && { authorizer }),
    },
    ...(pathParameters ? { pathParameters } : {}),
    ...(text === undefined
      ? {}
      : { body: isBase64Encoded ? Buffer.from(text).toString('base64') : text }),
    isBase64Encoded,
  };
};

const { demo, inviter } = defaultSeed;

/** A body for "quit a consortium" that succeeds once against a fresh simulator. */
export const quitConsortiumBody = (overrides: Record<string, unknown> = {}) => ({
  inviter_bcsid: inviter.bcsId,
  inviter_projectid: inviter.projectId,
  inviter_domainid: inviter.domainId,
  inviter_username: inviter.userName,
  channel_name: inviter.channelName,
  invitee_bcsid: demo.bcsId,
  invitee_projectid: demo.projectId,
  invitee_domainid: demo.domainId,
  ...overrides,
});

/**
 * `PUT /v2/{project_id}/members/quit`, valid for the simulator's seed unless overridden, signed
 * by an IAM user as deployed routes require ({@link iamAuthorizer}).
 */
export const quitConsortiumEvent = ({
  projectId = demo.projectId,
  body = quitConsortiumBody(),
  ...options
}: { projectId?: string; body?: unknown } & Partial<HttpEventOptions> = {}) =>
  httpEvent({
    routeKey: '/v2/{project_id}/members/quit',
    rawPath: `/v2/${projectId}/members/quit`,
    pathParameters: { project_id: projectId },
    body,
    authorizer: iamAuthorizer,
    ...options,
  });

/**
 * `PUT /v2/{project_id}/blockchains/{blockchain_id}/{channel_id}/orgs/quit`, valid for the seed,
 * signed by an IAM user ({@link iamAuthorizer}).
 */
export const removeChannelOrgsEvent = ({
  projectId = demo.projectId,
  blockchainId = demo.blockchainId,
  channel = demo.channelName,
  body = { org_names: ['org3'] },
  ...options
}: {
  projectId?: string;
  blockchainId?: string;
  channel?: string;
  body?: unknown;
} & Partial<HttpEventOptions> = {}) =>
  httpEvent({
    routeKey: '/v2/{project_id}/blockchains/{blockchain_id}/{channel_id}/orgs/quit',
    rawPath: `/v2/${projectId}/blockchains/${blockchainId}/${channel}/orgs/quit`,
    pathParameters: { project_id: projectId, blockchain_id: blockchainId, channel_id: channel },
    body,
    authorizer: iamAuthorizer,
    ...options,
  });

/**
 * What API Gateway makes of a raw query for `queryStringParameters`: each value decoded, a
 * repeated parameter's values joined with commas (the reason the route reads
 * `rawQueryString` instead). A component it cannot decode is left as it is.
 */
const queryStringParametersOf = (raw: string): Record<string, string> | undefined => {
  if (raw === '') return undefined;
  const decode = (text: string) => {
    try {
      return decodeURIComponent(text.replaceAll('+', ' '));
    } catch {
      return text;
    }
  };
  const parameters = new Map<string, string>();
  for (const piece of raw.split('&')) {
    const [name = '', ...value] = piece.split('=');
    const key = decode(name);
    const text = decode(value.join('='));
    const before = parameters.get(key);
    parameters.set(key, before === undefined ? text : `${before},${text}`);
  }
  // Own properties, even `__proto__`.
  return Object.fromEntries(parameters);
};

/**
 * `GET /v2/{project_id}/operation/record?<rawQueryString>` (ListOpRecord), as API Gateway
 * sends it: no body, no content type, the query both raw and as `queryStringParameters`,
 * signed by an IAM user ({@link iamAuthorizer}).
 */
export const operationRecordEvent = ({
  projectId = demo.projectId,
  rawQueryString = '',
  headers = {},
  ...options
}: { projectId?: string; rawQueryString?: string } & Partial<HttpEventOptions> = {}) => {
  const event = httpEvent({
    method: 'GET',
    routeKey: '/v2/{project_id}/operation/record',
    rawPath: `/v2/${projectId}/operation/record`,
    pathParameters: { project_id: projectId },
    headers,
    authorizer: iamAuthorizer,
    ...options,
  });
  const queryStringParameters = queryStringParametersOf(rawQueryString);
  return { ...event, rawQueryString, ...(queryStringParameters && { queryStringParameters }) };
};
