import type { BcsRequest } from '../../bcs/requests.ts';
import type { OperationName, operationsByName } from '../../operations/catalogue.ts';
import { quitConsortium } from '../../operations/quit-consortium.ts';
import { removeChannelOrgs } from '../../operations/remove-channel-orgs.ts';
import type { QuitConsortiumInput } from '../../schemas/quit-consortium.ts';
import type { RemoveChannelOrgsInput } from '../../schemas/remove-channel-orgs.ts';

export { quitConsortium, removeChannelOrgs };

/** An operation chat users may run: every operation of the catalogue. */
export type AnySlackOperation = (typeof operationsByName)[OperationName];

/** One validated operation request: what a command asks for and the worker runs. */
export type OperationRequest =
  | { operation: 'quit-consortium'; input: QuitConsortiumInput }
  | { operation: 'remove-channel-orgs'; input: RemoveChannelOrgsInput };

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
  request.operation === 'quit-consortium'
    ? quitConsortium.toBcsRequest(request.input)
    : removeChannelOrgs.toBcsRequest(request.input);
