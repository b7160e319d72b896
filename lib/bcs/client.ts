import * as ErrorCodes from '../errors/error-codes.ts';
import { GatewayError, MAY_HAVE_APPLIED, NOT_SENT } from '../errors/gateway-error.ts';
import { parseJsonObject } from '../json/json-object.ts';
import type { QuitConsortiumInput } from '../schemas/quit-consortium.ts';
import type { RemoveChannelOrgsInput } from '../schemas/remove-channel-orgs.ts';
import { type HuaweiAccessKey, signHuaweiRequest } from '../signing/huawei-sdk-hmac-sha256.ts';
import { callUpstream, type UpstreamErrors } from '../upstream/call-upstream.ts';
import { type BcsRequest, quitConsortiumRequest, removeChannelOrgsRequest } from './requests.ts';

/** BCS's own error body, passed through unchanged. */
export interface BcsErrorBody {
  error_code: string;
  error_msg: string;
}

/** BCS's answer, as BCS sent it, with its parsed JSON and request id. */
export interface BcsResponse {
  status: number;
  /** The body exactly as BCS sent it. */
  body: string;
  /** The parsed body: `{operation_id, ...}` on 2xx, `{error_code, error_msg, ...}` otherwise. */
  json: Record<string, unknown>;
  /** Huawei's `X-Request-Id`, for logs and support tickets. */
  requestId: string | undefined;
}

export interface BcsClientOptions {
  /** e.g. `https://bcs.cn-north-4.myhuaweicloud.com` (no trailing slash needed). */
  endpoint: string;
  fetch?: typeof fetch;
  /** The clock an AK/SK signature's `X-Sdk-Date` is read from. */
  now?: () => Date;
}

/** How a call proves who sends it: a token, or an access key pair that signs it. */
export type BcsCallOptions = (
  | {
      /** A project-scoped IAM token for the path's project (sent as `X-Auth-Token`). */
      token: string;
    }
  | {
      /** Signs the request (`SDK-HMAC-SHA256`); no IAM call is made at all. */
      accessKey: HuaweiAccessKey;
    }
) & {
  /** Aborts the call (the invocation's deadline). */
  signal: AbortSignal;
};

const JSON_CONTENT_TYPE = 'application/json;charset=UTF-8';

const bcsErrors: UpstreamErrors = {
  service: 'BCS',
  unreachable: ErrorCodes.bcsUnreachable,
  timeout: ErrorCodes.bcsTimeout,
  cutOff: MAY_HAVE_APPLIED,
  appliedAdvice:
    'the request may have been applied: look up BCS operation records before sending it again',
};

/** A GET changes nothing: its failures never say that it may have been applied. */
const { appliedAdvice, ...bcsPutErrorsWithoutAdvice } = bcsErrors;
const bcsReadErrors: UpstreamErrors = { ...bcsPutErrorsWithoutAdvice, cutOff: NOT_SENT };

/** Sends one prepared BCS request (see `requests.ts`): {@link createBcsSender}. */
export type BcsSend = (request: BcsRequest, options: BcsCallOptions) => Promise<BcsResponse>;

/**
 * What sends every BCS request: it sends exactly the request it is given and returns BCS's
 * status and body, whatever the status: a BCS error (`{error_code, error_msg}`) is an answer,
 * not an exception. It throws a {@link GatewayError} only when there is no BCS answer to pass
 * on: BCS unreachable, too slow for `signal`, or answering something that is neither its
 * result nor its error shape. The pipeline uses it as it is (lib/pipeline/call-bcs.ts); the
 * library's {@link createBcsClient} adds a typed method per operation.
 *
 * @example
 * ```ts
 * const send = createBcsSender({ endpoint: 'https://bcs.cn-north-4.myhuaweicloud.com' });
 * const res = await send(quitConsortium.toBcsRequest(input), { token, signal });
 * ```
 */
export const createBcsSender = ({
  endpoint,
  fetch: fetchImpl = fetch,
  now = () => new Date(),
}: BcsClientOptions): BcsSend => {
  const base = endpoint.replace(/\/+$/, '');
  /**
   * The request of each attempt. Signed, it is signed afresh every time (`X-Sdk-Date` must be
   * within 15 minutes of Huawei's clock), over exactly the bytes sent and with the path's
   * project in `X-Project-Id`, as Huawei's SDKs do.
   */
  const requestInit = (
    url: URL,
    { method, body, projectId }: BcsRequest,
    options: BcsCallOptions,
  ) => {
    // A GET has no body, and so no Content-Type (fetch takes an undefined body; its type
    // does not, hence `as string`).
    const type = body && { 'Content-Type': JSON_CONTENT_TYPE };
    if ('token' in options) {
      return { method, headers: { ...type, 'X-Auth-Token': options.token }, body: body as string };
    }
    const { accessKey } = options;
    return () => {
      const headers = { ...type, 'X-Project-Id': projectId };
      const signature = signHuaweiRequest(
        { method, url, headers, body: body ?? '' },
        { key: accessKey, now: now() },
      );
      return { method, headers: { ...headers, ...signature }, body: body as string };
    };
  };
  return async (request, options) => {
    const url = new URL(`${base}${request.path}${request.query ? `?${request.query}` : ''}`);
    // Only a PUT changes anything: a GET that went wrong may simply be asked again.
    const put = request.method === 'PUT';
    const { status, headers, body } = await callUpstream(
      url.href,
      requestInit(url, request, options),
      options.signal,
      put ? bcsErrors : bcsReadErrors,
      fetchImpl,
    );
    // An empty header is no id: the caller's answer then carries the Lambda request id.
    const requestId = headers.get('x-request-id') || undefined;
    const json = parseBcsBody(status, body, put);
    if (json === undefined) {
      // Stryker disable next-line ConditionalExpression: fetch never hands over a 1xx status (a Response's is 200 to 599), so `status >= 200` always holds.
      const ok = status >= 200 && status < 300;
      const what = !ok
        ? 'with a body that is not a BCS error'
        : put
          ? 'without an operation id'
          : 'without a JSON object';
      // Whoever answered (BCS, or a proxy's error page), the PUT may have reached BCS: every
      // caller is told so, not only the events' outcome flag.
      throw new GatewayError(
        ErrorCodes.bcsGarbage,
        `BCS answered ${status} ${what}${put ? `; ${appliedAdvice}` : ''}`,
        {
          cause: { status, requestId, body: body.slice(0, 1000) },
          delivery: put ? MAY_HAVE_APPLIED : 'final',
        },
      );
    }
    return { status, body, json, requestId };
  };
};

/**
 * A typed client for the BCS operations of bcs-offboard, usable without Lambda: a method per
 * operation, and `send` for any prepared request, each as {@link createBcsSender} sends it.
 * (The functions use the sender alone, so that their bundles carry no method they never call.)
 *
 * @example
 * ```ts
 * const bcs = createBcsClient({ endpoint: 'https://bcs.cn-north-4.myhuaweicloud.com' });
 * const res = await bcs.removeChannelOrgs(
 *   { path: { project_id, blockchain_id, channel_id: 'channel' }, body: { org_names: ['org3'] } },
 *   { token, signal: AbortSignal.timeout(10_000) },
 * );
 * if (res.status === 200) console.log(res.json.operation_id);
 * ```
 */
export const createBcsClient = (options: BcsClientOptions) => {
  const send = createBcsSender(options);
  return {
    /** The invitee quits a consortium (`PUT /v2/{project_id}/members/quit`). */
    quitConsortium: (input: QuitConsortiumInput, callOptions: BcsCallOptions) =>
      send(quitConsortiumRequest(input), callOptions),
    /** Remove organizations from a channel (`PUT .../{channel_id}/orgs/quit`). */
    removeChannelOrgs: (input: RemoveChannelOrgsInput, callOptions: BcsCallOptions) =>
      send(removeChannelOrgsRequest(input), callOptions),
    /** Sends one prepared request (see `requests.ts`). */
    send,
  };
};

export type BcsClient = ReturnType<typeof createBcsClient>;

/**
 * The JSON of a BCS answer if it has BCS's shape for its status, else undefined: a PUT's
 * result names its `operation_id`; a GET's (ListOpRecord) is any object, its text passed on.
 */
const parseBcsBody = (
  status: number,
  body: string,
  put: boolean,
): Record<string, unknown> | undefined => {
  const record = parseJsonObject(body);
  if (record === undefined) return undefined;
  // Stryker disable next-line ConditionalExpression: fetch never hands over a 1xx status (a Response's is 200 to 599), so `status >= 200` always holds.
  if (status >= 200 && status < 300) {
    return !put || typeof record.operation_id === 'string' ? record : undefined;
  }
  return typeof record.error_code === 'string' && typeof record.error_msg === 'string'
    ? record
    : undefined;
};
