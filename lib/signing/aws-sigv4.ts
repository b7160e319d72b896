/**
 * AWS Signature Version 4 in the `Authorization` header, for the JSON services the functions
 * call (not S3: its canonical URI is neither normalized nor encoded twice).
 */
import { createHmac, createSecretKey, type KeyObject } from 'node:crypto';
import {
  buildCanonicalRequest,
  type CanonicalDialect,
  encodeRfc3986,
  refuseToSign,
  type SignableRequest,
  sha256Hex,
  signingHeaders,
  type WireRequest,
} from './canonical-request.ts';

/** An access key pair, with the session token of temporary credentials (Lambda's). */
export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string | undefined;
}

/** Whose request, where, and when. */
export interface AwsSigningOptions {
  credentials: AwsCredentials;
  /** The real region (`eu-west-1`), even when the endpoint is overridden. */
  region: string;
  /** The service's signing name: `dynamodb`, `sqs`, `events`, `secretsmanager`, `lambda`. */
  service: string;
  now: Date;
}

/** Each step of one signature, as the official test suite gives them (.creq, .sts, .authz). */
export interface AwsSignatureSteps {
  canonicalRequest: string;
  stringToSign: string;
  authorization: string;
}

/**
 * The canonical URI of a non-S3 request: the wire path with empty and dot segments removed,
 * each segment percent-encoded again, so that Lambda's `arn%3Aaws` is signed as `arn%253Aaws`.
 *
 * @example
 * ```ts
 * awsCanonicalUri('/2015-03-31/functions/arn%3Aaws/invocations'); // '/2015-03-31/functions/arn%253Aaws/invocations'
 * ```
 */
export const awsCanonicalUri = (path: string): string => {
  const segments: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '..') segments.pop();
    else if (segment !== '' && segment !== '.') segments.push(encodeRfc3986(segment));
  }
  return `/${segments.join('/')}${segments.length > 0 && path.endsWith('/') ? '/' : ''}`;
};

const AWS_DIALECT: CanonicalDialect = {
  uri: awsCanonicalUri,
  sortDecoded: false,
  collapseBlanks: true,
};
// A region, a service or an access key id holding `/`, `,` or a blank would make the
// credential scope or the authorization header ambiguous.
const SCOPE_PARTS = /^[\w-]+\/[\w-]+\/[\w-]+$/;

/**
 * Every step of the signature of a request whose headers are all given (`host`, `x-amz-date`
 * and any `x-amz-security-token` included), at `amzDate` (`20150830T123600Z`).
 *
 * @example
 * ```ts
 * awsSignatureSteps(wire, { credentials, region: 'us-east-1', service: 'service', amzDate: '20150830T123600Z' }).authorization;
 * ```
 */
export const awsSignatureSteps = (
  request: WireRequest,
  { credentials, region, service, amzDate }: Omit<AwsSigningOptions, 'now'> & { amzDate: string },
): AwsSignatureSteps => {
  const { accessKeyId, secretAccessKey } = credentials;
  if (!(secretAccessKey && SCOPE_PARTS.test(`${accessKeyId}/${region}/${service}`))) {
    refuseToSign(
      'for AWS: an access key id, region or service not letters, digits, _ or -, or no secret',
    );
  }
  const { canonicalRequest, signedHeaders } = buildCanonicalRequest(request, AWS_DIALECT);
  const scope = `${amzDate.slice(0, 8)}/${region}/${service}/aws4_request`;
  const stringToSign = `AWS4-HMAC-SHA256\n${amzDate}\n${scope}\n${sha256Hex(canonicalRequest)}`;
  const key = signingKey(secretAccessKey, scope);
  const signature = createHmac('sha256', key).update(stringToSign).digest('hex');
  return {
    canonicalRequest,
    stringToSign,
    authorization: `AWS4-HMAC-SHA256 Credential=${accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`,
  };
};

/**
 * The headers to add to `request` to sign it: `x-amz-date`, `x-amz-security-token` (with a
 * session token) and `authorization`. Signs `host` (from `url.host`), every header of
 * `request.headers`, `x-amz-date` and `x-amz-security-token`; sign again for every attempt.
 * Throws a `SigningInputError` for a request it cannot sign unambiguously.
 *
 * @example
 * ```ts
 * const headers = { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'DynamoDB_20120810.PutItem' };
 * const request = { method: 'POST', url: new URL('https://dynamodb.eu-west-1.amazonaws.com/'), headers, body };
 * const signed = signAwsRequest(request, { credentials, region: 'eu-west-1', service: 'dynamodb', now: new Date() });
 * await fetch(request.url, { method: 'POST', headers: { ...headers, ...signed }, body });
 * ```
 */
export const signAwsRequest = (
  request: SignableRequest,
  { now, ...options }: AwsSigningOptions,
): Record<string, string> =>
  signingHeaders(request, now, {
    dateHeader: 'x-amz-date',
    tokenHeader: 'x-amz-security-token',
    token: options.credentials.sessionToken,
    authorize: (wire, amzDate) => awsSignatureSteps(wire, { ...options, amzDate }).authorization,
  });

// Derived keys, by scope and secret: a key serves one day, region and service, and deriving it
// is four HMACs, most of a signature's cost. Few are ever needed; the map is emptied when full
// rather than evicted one by one, to stay small. (Key objects: Node's HMAC with a key given as
// bytes takes about 14 µs, with a key object about 2.)
let signingKeys: Map<string, KeyObject | string> | undefined;

const signingKey = (secret: string, scope: string): KeyObject | string => {
  signingKeys ??= new Map();
  const id = `${scope}/${secret}`;
  let key = signingKeys.get(id);
  if (!key) {
    if (signingKeys.size > 7) signingKeys.clear();
    key = `AWS4${secret}`;
    for (const part of scope.split('/')) {
      key = createSecretKey(createHmac('sha256', key).update(part).digest());
    }
    signingKeys.set(id, key);
  }
  return key;
};
