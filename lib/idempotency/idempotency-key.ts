import { createHash } from 'node:crypto';
import { isJsonObject } from '../json/json-object.ts';

/**
 * The key that tells two deliveries of the same request apart from two requests: a SHA-256
 * of the operation, its validated input (path and body; never a token) and, when the caller
 * named its own, the correlation id. Objects are keyed whatever the order of their keys, so
 * `{"a":1,"b":2}` and `{"b":2,"a":1}` are the same request.
 *
 * A correlation id counts only when the caller gave one: a producer that sends the same step
 * twice (same correlation id) is caught, and so is a redelivery or a retried chat command that
 * carries no id of its own; a workflow that means to run the same input again gives a new id.
 *
 * @example
 * ```ts
 * requestKey('quit-consortium', { path: { project_id: 'p' }, body: { ... } }, 'wf-42');
 * // 'quit-consortium:5c1f…' (64 hex digits)
 * ```
 */
export const requestKey = (
  operation: string,
  input: object,
  correlationId: string | undefined,
): string => {
  const { 'X-Auth-Token': _token, ...request } = input as Record<string, unknown>;
  const digest = createHash('sha256')
    .update(canonicalJson({ operation, request, correlation_id: correlationId ?? null }))
    .digest('hex');
  return `${operation}:${digest}`;
};

/**
 * JSON with the keys of every object sorted, so that equal values give equal text. Values
 * that JSON cannot hold (`undefined` members, functions) are dropped as `JSON.stringify` does.
 *
 * @example
 * ```ts
 * canonicalJson({ b: [2, { d: 1, c: 0 }], a: 1 }); // '{"a":1,"b":[2,{"c":0,"d":1}]}'
 * ```
 */
export const canonicalJson = (value: unknown): string =>
  JSON.stringify(value, function sortKeys(_key, member: unknown) {
    if (!isJsonObject(member)) return member;
    // Object.fromEntries defines own properties: a key named `__proto__` stays a plain key.
    return Object.fromEntries(
      Object.keys(member)
        .sort()
        .map((key) => [key, member[key]]),
    );
  });
