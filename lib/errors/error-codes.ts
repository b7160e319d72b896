/**
 * The catalogue of bcs-offboard's own error codes: `BCSGW.<HTTP status><4 digits>`.
 *
 * BCS's own errors (`BCS.*`, `APIGW.*`) are never listed here: they pass through unchanged.
 * Every code here is documented in docs/errors.md (test/docs/markdown.test.ts checks it), and
 * those an HTTP route answers in docs/openapi.json (test/docs/openapi.test.ts).
 *
 * @example
 * ```ts
 * throw new GatewayError(ErrorCodes.projectNotAllowed, 'Project 123 is not in ALLOWED_PROJECT_IDS');
 * ```
 */
export const ErrorCodes = {
  /** The request's path, header or body breaks the operation's schema. */
  invalidInput: 'BCSGW.4000001',
  /** The body is not JSON, or holds a forbidden key such as `__proto__`. */
  malformedJson: 'BCSGW.4000002',
  /** Neither an `X-Auth-Token` nor service credentials are available. */
  noCredentials: 'BCSGW.4010001',
  /** A Slack request whose signature is missing, wrong or older than five minutes. */
  badSlackSignature: 'BCSGW.4010002',
  /** The path's project is not in `ALLOWED_PROJECT_IDS`. */
  projectNotAllowed: 'BCSGW.4030001',
  /** IAM refused a token for the path's project (the credentials were not what it refused). */
  projectRefusedByIam: 'BCSGW.4030002',
  /** An EventBridge event whose `source` is not in `ALLOWED_EVENT_SOURCES` (never run). */
  untrustedEventSource: 'BCSGW.4030003',
  /** The same request (same operation, input and correlation id) is running in another delivery. */
  duplicateInProgress: 'BCSGW.4090001',
  /** The same request was started before and stopped without recording whether it was applied. */
  duplicateInterrupted: 'BCSGW.4090002',
  /** The request (a body, a message, a detail, a worker input) is larger than accepted. */
  bodyTooLarge: 'BCSGW.4130001',
  /** The body is not sent as `application/json`. */
  unsupportedContentType: 'BCSGW.4150001',
  /** Anything unexpected; the message never carries internals. */
  unexpected: 'BCSGW.5000001',
  /** The function's own configuration (environment, credentials secret) is unusable. */
  misconfigured: 'BCSGW.5000002',
  /** IAM refused the credentials, could not be reached, or answered without a token. */
  signInFailed: 'BCSGW.5020001',
  /** BCS could not be reached, or the connection broke before it answered. */
  bcsUnreachable: 'BCSGW.5020002',
  /** BCS answered something that is neither its success nor its error shape. */
  bcsGarbage: 'BCSGW.5020003',
  /** AWS Secrets Manager could not hand over a secret (credentials, Slack signing secret). */
  secretUnavailable: 'BCSGW.5020004',
  /** AWS Lambda did not take the asynchronous invocation of a worker function (chat-ops). */
  workerUnavailable: 'BCSGW.5020005',
  /** The duplicate check (the DynamoDB idempotency table) could not be reached: nothing ran. */
  idempotencyUnavailable: 'BCSGW.5030001',
  /** BCS did not answer within the time left to this invocation. */
  bcsTimeout: 'BCSGW.5040001',
  /** IAM did not answer within the time left to this invocation. */
  signInTimeout: 'BCSGW.5040002',
} as const satisfies Record<string, ErrorCode>;

/** One of our codes: `BCSGW.`, the HTTP status, 4 digits. */
export type ErrorCode = `BCSGW.${number}`;

/**
 * The HTTP status a code carries: its three digits after `BCSGW.`.
 *
 * @example
 * ```ts
 * statusOf(ErrorCodes.bodyTooLarge); // 413
 * ```
 */
export const statusOf = (code: ErrorCode): number => Number(code.slice(6, 9));
