import {
  type BcsRequest,
  quitConsortiumRequest,
  removeChannelOrgsRequest,
} from '../../bcs/requests.ts';
import { quitConsortium } from '../../operations/quit-consortium.ts';
import { removeChannelOrgs } from '../../operations/remove-channel-orgs.ts';
import type { QuitConsortiumInput } from '../../schemas/quit-consortium.ts';
import type { RemoveChannelOrgsInput } from '../../schemas/remove-channel-orgs.ts';

export { quitConsortium, removeChannelOrgs };

/** The operations chat users may run, by the name the worker's payload gives them. */
export const SLACK_OPERATIONS = {
  'quit-consortium': quitConsortium,
  'remove-channel-orgs': removeChannelOrgs,
} as const;

export type SlackOperationName = keyof typeof SLACK_OPERATIONS;
export type AnySlackOperation = (typeof SLACK_OPERATIONS)[SlackOperationName];

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
    ? quitConsortiumRequest(request.input)
    : removeChannelOrgsRequest(request.input);
