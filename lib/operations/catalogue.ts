import type { Operation } from './operation.ts';
import { quitConsortium } from './quit-consortium.ts';
import { removeChannelOrgs } from './remove-channel-orgs.ts';

/**
 * Every operation by its name (SQS messages name theirs) and by the EventBridge
 * `detail-type` that asks for it.
 */
export const operationsByName = {
  'quit-consortium': quitConsortium,
  'remove-channel-orgs': removeChannelOrgs,
} as const;

export type OperationName = keyof typeof operationsByName;

export const operationsByDetailType = {
  'BCS Quit Consortium Requested': quitConsortium,
  'BCS Remove Channel Orgs Requested': removeChannelOrgs,
} as const;

// biome-ignore lint/suspicious/noExplicitAny: the catalogue holds operations of different inputs.
export type AnyOperation = Operation<any>;
