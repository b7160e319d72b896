import { isJsonObject } from '../../json/json-object.ts';
import { jsonByteLength } from '../../json/json-size.ts';
import { type OperationName, operationsByName } from '../../operations/catalogue.ts';
import { MAX_BODY_BYTES, refuseOversized } from '../body-limit.ts';
import { type CommandOrigin, refuseMalformed } from './invocation-payload.ts';

/**
 * What the command function hands the worker (as an asynchronous Lambda invocation). The
 * worker checks it again: a payload is never trusted, whoever may invoke the worker.
 */
export interface WorkerPayload extends CommandOrigin {
  operation: OperationName;
  /** Checked by the operation's own schema when it runs. */
  input: { path: unknown; body: unknown };
}

/**
 * The payload in `event`, or a {@link GatewayError} (`BCSGW.4000001`) naming every field that
 * is missing or malformed; an `input` over {@link MAX_BODY_BYTES} as JSON is refused
 * (`BCSGW.4130001`) before anything reads it. (Checked by hand: a schema library's extra
 * rules would cost the worker's bundle more than these lines.)
 *
 * @example
 * ```ts
 * const payload = readWorkerPayload(event); // throws on { operation: 'delete-everything' }
 * ```
 */
export const readWorkerPayload = (event: unknown): WorkerPayload => {
  const payload = (isJsonObject(event) ? event : {}) as Record<string, unknown>;
  const { operation, input } = payload;
  refuseMalformed(payload, {
    operation: typeof operation === 'string' && Object.hasOwn(operationsByName, operation),
    input: isJsonObject(input),
  });
  const { path, body } = input as Record<string, unknown>;
  refuseOversized('input', jsonByteLength({ path, body }, MAX_BODY_BYTES), { exact: false });
  return { ...(payload as unknown as WorkerPayload), input: { path, body } };
};
