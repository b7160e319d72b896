/**
 * The catalogue of bcs-offboard's own error codes: `BCSGW.<HTTP status><4 digits>`, one
 * constant each.
 *
 * Import it as a namespace, `import * as ErrorCodes from './error-codes.ts'`: esbuild then
 * puts in a bundle only the codes that bundle uses (an object of every code would be carried
 * whole by every bundle, names included: about 700 bytes). The namespace object holds exactly
 * the codes, so `Object.values(ErrorCodes)` lists them all.
 *
 * BCS's own errors (`BCS.*`, `APIGW.*`) are never listed here: they pass through unchanged.
 * Every code here is documented in docs/errors.md (test/docs/markdown.test.ts checks it), and
 * those an HTTP route answers in docs/openapi.json (test/docs/openapi.test.ts).
 *
 * @example
 * ```ts
 * import * as ErrorCodes from './error-codes.ts';
 * throw new GatewayError(ErrorCodes.projectNotAllowed, 'Project 123 is not in ALLOWED_PROJECT_IDS');
 * ```
 */

/** One of our codes: `BCSGW.`, the HTTP status, 4 digits. */
export type ErrorCode = `BCSGW.${number}`;

/** The request's path, header or body breaks the operation's schema. */
export const invalidInput = 'BCSGW.4000001' satisfies ErrorCode;
/** The body is not JSON, or holds a forbidden key such as `__proto__`. */
export const malformedJson = 'BCSGW.4000002' satisfies ErrorCode;
/** Neither an `X-Auth-Token` nor service credentials are available. */
export const noCredentials = 'BCSGW.4010001' satisfies ErrorCode;
/** A Slack request whose signature is missing, wrong or older than five minutes. */
export const badSlackSignature = 'BCSGW.4010002' satisfies ErrorCode;
/** The path's project is not in `ALLOWED_PROJECT_IDS`. */
export const projectNotAllowed = 'BCSGW.4030001' satisfies ErrorCode;
/** IAM refused a token for the path's project (the credentials were not what it refused). */
export const projectRefusedByIam = 'BCSGW.4030002' satisfies ErrorCode;
/** An EventBridge event whose `source` is not in `ALLOWED_EVENT_SOURCES` (never run). */
export const untrustedEventSource = 'BCSGW.4030003' satisfies ErrorCode;
/** The same request (same operation, input and correlation id) is running in another delivery. */
export const duplicateInProgress = 'BCSGW.4090001' satisfies ErrorCode;
/** The same request was started before and stopped without recording whether it was applied. */
export const duplicateInterrupted = 'BCSGW.4090002' satisfies ErrorCode;
/** The request (a body, a message, a detail, a worker input) is larger than accepted. */
export const bodyTooLarge = 'BCSGW.4130001' satisfies ErrorCode;
/** The body is not sent as `application/json`. */
export const unsupportedContentType = 'BCSGW.4150001' satisfies ErrorCode;
/** Anything unexpected; the message never carries internals. */
export const unexpected = 'BCSGW.5000001' satisfies ErrorCode;
/** The function's own configuration (environment, credentials secret) is unusable. */
export const misconfigured = 'BCSGW.5000002' satisfies ErrorCode;
/** IAM refused the credentials, could not be reached, or answered without a token. */
export const signInFailed = 'BCSGW.5020001' satisfies ErrorCode;
/** BCS could not be reached, or the connection broke before it answered. */
export const bcsUnreachable = 'BCSGW.5020002' satisfies ErrorCode;
/** BCS answered something that is neither its success nor its error shape. */
export const bcsGarbage = 'BCSGW.5020003' satisfies ErrorCode;
/** AWS Secrets Manager could not hand over a secret (credentials, Slack signing secret). */
export const secretUnavailable = 'BCSGW.5020004' satisfies ErrorCode;
/** AWS Lambda did not take the asynchronous invocation of a worker function (chat-ops). */
export const workerUnavailable = 'BCSGW.5020005' satisfies ErrorCode;
/** The duplicate check (the DynamoDB idempotency table) could not be reached: nothing ran. */
export const idempotencyUnavailable = 'BCSGW.5030001' satisfies ErrorCode;
/** BCS did not answer within the time left to this invocation. */
export const bcsTimeout = 'BCSGW.5040001' satisfies ErrorCode;
/** IAM did not answer within the time left to this invocation. */
export const signInTimeout = 'BCSGW.5040002' satisfies ErrorCode;
