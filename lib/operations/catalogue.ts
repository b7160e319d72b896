import type { CommandSpec, HttpRoute, SlackWording } from './caller-facts.ts';
import {
  listOperationRecordsCommand,
  listOperationRecordsRoute,
} from './list-operation-records.ts';
import type { Operation } from './operation.ts';
import {
  quitConsortium,
  quitConsortiumCommand,
  quitConsortiumRoute,
  quitConsortiumWording,
} from './quit-consortium.ts';
import {
  removeChannelOrgs,
  removeChannelOrgsCommand,
  removeChannelOrgsRoute,
  removeChannelOrgsWording,
} from './remove-channel-orgs.ts';

/**
 * The one catalogue of operations: each offboarding operation once per table below, with the facts its
 * module declares next to it (see {@link Operation} for what adding one takes). Every
 * caller's table is one of these, or derived from one. They are separate exports so that a
 * bundle keeps only the tables its caller reads: the Slack worker has no room for the Slack
 * grammar, nor the event functions for Slack's words.
 *
 * @example
 * ```ts
 * const operation = operationsByName[message.operation]; // an SQS message names its operation
 * ```
 */
export const operationsByName = {
  'quit-consortium': quitConsortium,
  'remove-channel-orgs': removeChannelOrgs,
} satisfies Readonly<Record<string, AnyOperation>>;

export type OperationName = keyof typeof operationsByName;

/** The operation each EventBridge `detail-type` asks for. */
export const operationsByDetailType = {
  'BCS Quit Consortium Requested': quitConsortium,
  'BCS Remove Channel Orgs Requested': removeChannelOrgs,
} satisfies Readonly<Record<string, AnyOperation>>;

/**
 * The API Gateway route of every operation, and the function that serves it: the offboarding
 * operations', and ListOpRecord's (read over HTTP only).
 */
export const httpRoutes: readonly HttpRoute[] = [
  quitConsortiumRoute,
  removeChannelOrgsRoute,
  listOperationRecordsRoute,
];

/**
 * The slash-command verbs of `/bcs-offboard`, in the order `help` lists them: the offboarding
 * operations, then `status` (ListOpRecord of one operation).
 */
export const slackCommands: readonly CommandSpec[] = [
  quitConsortiumCommand,
  removeChannelOrgsCommand,
  listOperationRecordsCommand,
];

/** What a request of each operation does, in the words of a Slack reply. */
export const slackWording: { readonly [N in OperationName]: SlackWording<InputOf<N>> } = {
  'quit-consortium': quitConsortiumWording,
  'remove-channel-orgs': removeChannelOrgsWording,
};

// biome-ignore lint/suspicious/noExplicitAny: the catalogue holds operations of different inputs.
export type AnyOperation = Operation<any>;

/** The validated input of the operation named `N` (a caller's token included, if it sent one). */
export type InputOf<N extends OperationName> =
  (typeof operationsByName)[N] extends Operation<infer I> ? I : never;
