/**
 * What the callers need to know of an operation besides the {@link Operation} itself: how each
 * asks for it. Each operation module declares these next to its operation, each fact a
 * separate export, and `catalogue.ts` lists them: a bundle keeps only the facts its caller
 * reads (the Slack worker has no room for the Slack grammar, the HTTP functions none for any).
 *
 * @example
 * ```ts
 * export const quitConsortiumRoute: HttpRoute = {
 *   method: 'PUT', path: QUIT_CONSORTIUM_PATH, functionName: 'http-quit-consortium', operation: quitConsortium,
 * };
 * ```
 */
import type { Operation } from './operation.ts';

/** The API Gateway route of an operation, and the function that serves it. */
export interface HttpRoute {
  method: 'PUT' | 'GET';
  /** BCS's own path, with `{name}` for each path parameter: `/v2/{project_id}/members/quit`. */
  path: string;
  /** Its function file is `functions/<functionName>.ts`. */
  functionName: string;
  // biome-ignore lint/suspicious/noExplicitAny: a route serves an operation of any input.
  operation: Operation<any>;
}

/** What this deployment already knows, so that chat users need not type it. */
export interface CommandDefaults {
  /** Our own Huawei Cloud project: the invitee's project, and the project of every path. */
  projectId?: string | undefined;
  /** Our own account (domain) id: the invitee's domain. */
  domainId?: string | undefined;
  /** Our own BCS instance: the invitee's instance, and the default blockchain. */
  bcsInstanceId?: string | undefined;
}

/**
 * Where a value goes in the operation's raw input: `body.inviter_bcsid`, `path.channel_id`,
 * `query.operation_id`.
 */
export type FieldPath = `${'path' | 'query' | 'body'}.${string}`;

/** One `key=value` a command takes. */
export interface KeySpec {
  key: string;
  /** Shown in usage: `<id>`, `<name>`, `<org1,org2>`. */
  placeholder: string;
  field: FieldPath;
  /** A comma-separated list, sent as an array. */
  list?: true;
  /** Optional key: this default applies when it is not given. */
  defaultFrom?: keyof CommandDefaults;
  /**
   * The value may also be typed bare, as the first word after the verb that is no flag:
   * `status BCSSVC01-06-1…` as well as `status operation-id=BCSSVC01-06-1…`.
   */
  positional?: true;
}

/** A field filled from configuration only (the user cannot type it). */
export interface FixedField {
  field: FieldPath;
  from: keyof CommandDefaults;
  /** What the field is, for a reply naming it: `our project`. */
  meaning: string;
}

/** The slash-command verb that runs an operation, and its keys: `/bcs-offboard remove-orgs …`. */
export interface CommandSpec {
  name: string;
  aliases: readonly string[];
  // biome-ignore lint/suspicious/noExplicitAny: a command runs an operation of any input.
  operation: Operation<any>;
  /** One line for `help`. */
  summary: string;
  keys: readonly KeySpec[];
  fixed: readonly FixedField[];
  /**
   * A read, never run by the worker: the command hands it to `slack-status`, which posts what
   * BCS says. It has no dry run.
   */
  reads?: true;
}

/**
 * What a validated request does, in the words of a Slack reply, with every value the user
 * gave, each shown by `code` (a code span).
 */
export type SlackWording<I> = (input: I, code: (value: string) => string) => string;
