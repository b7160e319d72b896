import * as ErrorCodes from '../../errors/error-codes.ts';
import { GatewayError } from '../../errors/gateway-error.ts';
import { jsonByteLength } from '../../json/json-size.ts';
import {
  type AnyOperation,
  operationsByDetailType,
  operationsByName,
} from '../../operations/catalogue.ts';
import type { RawOperationInput } from '../../operations/operation.ts';
import { exactObject, lazy, optional, picklist, string, unknown } from '../../schemas/schema.ts';
import { validate } from '../../schemas/validate.ts';
import { MAX_BODY_BYTES, refuseOversized } from '../body-limit.ts';

/** One operation asked for by an event or a message, before the operation's own validation. */
export interface EventRequest {
  operation: AnyOperation;
  raw: RawOperationInput;
  correlationId: string;
  /** The correlation id the caller gave, if any (then it is part of the request's identity). */
  givenCorrelationId: string | undefined;
}

const CORRELATION_ID = /^[\w.:/@-]{1,128}$/;
const correlationId = lazy(() =>
  string('must be a string', [
    (s) => CORRELATION_ID.test(s),
    "must be 1 to 128 letters, digits or '_.:/@-'",
  ]),
);

const detailSchema = lazy(() =>
  exactObject({ path: unknown(), body: unknown(), correlation_id: optional(correlationId) }),
);

const messageSchema = lazy(() =>
  exactObject({
    operation: picklist(
      Object.keys(operationsByName) as (keyof typeof operationsByName)[],
      `must be one of: ${Object.keys(operationsByName).join(', ')}`,
    ),
    path: unknown(),
    body: unknown(),
    correlation_id: optional(correlationId),
  }),
);

/**
 * The request in an EventBridge event: the operation named by `detail-type`, path and body in
 * `detail`. The correlation id is `detail.correlation_id`, else the event's own id. A `detail`
 * over {@link MAX_BODY_BYTES} as JSON is refused (`BCSGW.4130001`) before anything reads it.
 *
 * @example
 * ```ts
 * const { operation, raw } = eventBridgeRequest('BCS Remove Channel Orgs Requested', detail, event.id);
 * ```
 */
export const eventBridgeRequest = (
  detailType: string,
  detail: unknown,
  eventId: string,
): EventRequest => {
  refuseOversized('detail', jsonByteLength(detail, MAX_BODY_BYTES), { exact: false });
  const operation = operationOfDetailType(detailType);
  if (!operation) {
    throw new GatewayError(
      ErrorCodes.invalidInput,
      `Invalid request: detail-type must be one of: ${Object.keys(operationsByDetailType).join(', ')}`,
    );
  }
  const { path, body, correlation_id } = validate(detailSchema, detail);
  return {
    operation,
    raw: { path, body },
    correlationId: correlation_id ?? eventId,
    givenCorrelationId: correlation_id,
  };
};

/**
 * The request in an SQS message body: JSON `{"operation", "path", "body", "correlation_id"?}`.
 * The correlation id falls back to the message id. A body over {@link MAX_BODY_BYTES} is
 * refused (`BCSGW.4130001`) before it is parsed.
 *
 * @example
 * ```ts
 * const { operation, raw, correlationId } = sqsRequest(record.body, record.messageId);
 * ```
 */
export const sqsRequest = (messageBody: string, messageId: string): EventRequest => {
  refuseOversized('message body', Buffer.byteLength(messageBody));
  let json: unknown;
  try {
    json = JSON.parse(messageBody);
  } catch {
    throw new GatewayError(ErrorCodes.malformedJson, 'The message body is not valid JSON');
  }
  const message = validate(messageSchema, json);
  return {
    operation: operationsByName[message.operation],
    raw: { path: message.path, body: message.body },
    correlationId: message.correlation_id ?? messageId,
    givenCorrelationId: message.correlation_id,
  };
};

/** The longest correlation id echoed back from a request that is not valid. */
export const MAX_ECHOED_CORRELATION_ID = 256;

/**
 * What can be read of a request that failed validation, so that its outcome still names the
 * operation and reaches the workflow waiting on it. The correlation id is the one the caller
 * gave, even one that breaks the rules (the outcome's message then names `correlation_id`), as
 * long as it is a string of 1 to {@link MAX_ECHOED_CORRELATION_ID} characters: a workflow
 * matches its outcome on exactly what it sent, and any string is safe in the outcome's JSON
 * and (as `sqsSafe` makes it) in a dead-letter attribute. Anything else cannot be what a
 * workflow waits on: the event's or message's own id stands in.
 *
 * @example
 * ```ts
 * describeUnreadable({ operation: 'quit-consortium', correlation_id: 'wf 1', body: 7 }, 'm-1');
 * // { operation: 'quit-consortium', correlationId: 'wf 1' }
 * ```
 */
export const describeUnreadable = (
  value: unknown,
  fallbackId: string,
  operationName?: string,
): { operation: string; correlationId: string } => {
  const record = (typeof value === 'object' && value !== null ? value : {}) as Record<
    string,
    unknown
  >;
  const named = record.operation;
  const operation =
    operationName ??
    (typeof named === 'string' && Object.hasOwn(operationsByName, named) ? named : 'unknown');
  const given = record.correlation_id;
  const echoed =
    typeof given === 'string' && given !== '' && given.length <= MAX_ECHOED_CORRELATION_ID;
  return { operation, correlationId: echoed ? given : fallbackId };
};

/** The operation a `detail-type` asks for, if it is one of ours. */
const operationOfDetailType = (detailType: string): AnyOperation | undefined =>
  Object.hasOwn(operationsByDetailType, detailType)
    ? operationsByDetailType[detailType as keyof typeof operationsByDetailType]
    : undefined;

/** The name of the operation a `detail-type` asks for, if it is one of ours. */
export const operationNameOfDetailType = (detailType: string): string | undefined =>
  operationOfDetailType(detailType)?.name;
