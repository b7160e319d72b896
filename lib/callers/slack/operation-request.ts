import type { BcsRequest } from '../../bcs/requests.ts';
import {
  type AnyOperation,
  type InputOf,
  type OperationName,
  operationsByName,
} from '../../operations/catalogue.ts';

/**
 * One validated operation request: what a command asks for and the worker runs. Its input
 * is `{path, body}` only: a caller token never travels through chat-ops.
 */
export type OperationRequest = {
  [N in OperationName]: { operation: N; input: Omit<InputOf<N>, 'X-Auth-Token'> };
}[OperationName];

/** `{path, body}` only: a caller token never travels through chat-ops. */
export const pathAndBody = (input: { path: unknown; body: unknown }) => ({
  path: input.path,
  body: input.body,
});

/**
 * The BCS request a validated request becomes (what a dry run shows).
 *
 * @example
 * ```ts
 * bcsRequestOf({ operation: 'remove-channel-orgs', input }).path; // '/v2/.../orgs/quit'
 * ```
 */
export const bcsRequestOf = (request: OperationRequest): BcsRequest =>
  (operationsByName[request.operation] as AnyOperation).toBcsRequest(request.input);
