/**
 * The catalogue of bcs-offboard's own error codes: `BCSGW.<HTTP status><4 digits>`.
 *
 * BCS's own errors (`BCS.*`, `APIGW.*`) are never listed here: they pass through unchanged.
 * Every code here is documented in the README; add a row there when you add one here.
 *
 * @example
 * ```ts
 * throw new GatewayError(ErrorCodes.projectNotAllowed, 'Project 123 is not in ALLOWED_PROJECT_IDS');
 * ```
 */
export const ErrorCodes = {
  /** The request's path, header or body breaks the operation's schema. */
  invalidInput: { status: 400, code: 'BCSGW.4000001' },
  /** The body is not JSON, or holds a forbidden key such as `__proto__`. */
  malformedJson: { status: 400, code: 'BCSGW.4000002' },
  /** Neither an `X-Auth-Token` nor service credentials are available. */
  noCredentials: { status: 401, code: 'BCSGW.4010001' },
  /** A Slack request whose signature is missing, wrong or older than five minutes. */
  badSlackSignature: { status: 401, code: 'BCSGW.4010002' },
  /** The path's project is not in `ALLOWED_PROJECT_IDS`. */
  projectNotAllowed: { status: 403, code: 'BCSGW.4030001' },
  /** IAM refused a token for the path's project (the credentials were not what it refused). */
  projectRefusedByIam: { status: 403, code: 'BCSGW.4030002' },
  /** The same request (same operation, input and correlation id) is running in another delivery. */
  duplicateInProgress: { status: 409, code: 'BCSGW.4090001' },
  /** The same request was started before and stopped without recording whether it was applied. */
  duplicateInterrupted: { status: 409, code: 'BCSGW.4090002' },
  /** The request (a body, a message, a detail, a worker input) is larger than accepted. */
  bodyTooLarge: { status: 413, code: 'BCSGW.4130001' },
  /** The body is not sent as `application/json`. */
  unsupportedContentType: { status: 415, code: 'BCSGW.4150001' },
  /** Anything unexpected; the message never carries internals. */
  unexpected: { status: 500, code: 'BCSGW.5000001' },
  /** The function's own configuration (environment, credentials secret) is unusable. */
  misconfigured: { status: 500, code: 'BCSGW.5000002' },
  /** IAM refused the credentials, could not be reached, or answered without a token. */
  signInFailed: { status: 502, code: 'BCSGW.5020001' },
  /** BCS could not be reached, or the connection broke before it answered. */
  bcsUnreachable: { status: 502, code: 'BCSGW.5020002' },
  /** BCS answered something that is neither its success nor its error shape. */
  bcsGarbage: { status: 502, code: 'BCSGW.5020003' },
  /** AWS Secrets Manager could not hand over a secret (credentials, Slack signing secret). */
  secretUnavailable: { status: 502, code: 'BCSGW.5020004' },
  /** AWS Lambda did not take the asynchronous invocation of a worker function (chat-ops). */
  workerUnavailable: { status: 502, code: 'BCSGW.5020005' },
  /** The duplicate check (the DynamoDB idempotency table) could not be reached: nothing ran. */
  idempotencyUnavailable: { status: 503, code: 'BCSGW.5030001' },
  /** BCS did not answer within the time left to this invocation. */
  bcsTimeout: { status: 504, code: 'BCSGW.5040001' },
  /** IAM did not answer within the time left to this invocation. */
  signInTimeout: { status: 504, code: 'BCSGW.5040002' },
} as const satisfies Record<string, ErrorCode>;

export interface ErrorCode {
  readonly status: number;
  readonly code: string;
}
