import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { type Schema, safeParse } from '../schemas/schema.ts';

/**
 * Who asked for a request: the `who` field of every request's one log line, in one shape
 * whatever the caller, so that one query finds a person's or a workflow's requests however
 * they came in. `id` is the field to search on; the others narrow it down.
 */
export interface Who {
  type: 'iam' | 'jwt' | 'slack' | 'eventbridge' | 'sqs';
  /** IAM: the user or role session ARN; JWT: `sub`; Slack: the user id; EventBridge: `source`; SQS: the queue ARN. */
  id: unknown;
  /** IAM, EventBridge: the caller's AWS account. */
  account?: unknown;
  /** IAM: the principal's unique id (a user deleted and created again keeps its ARN, not this). */
  principal?: unknown;
  /** JWT: the issuer, `iss`. */
  issuer?: unknown;
  /** Slack: the workspace (team) id. */
  team?: string;
  /** Slack: the user name, on the command's line, when Slack still sends it. */
  name?: string | undefined;
}

/** What API Gateway's authorizers put in a payload 2.0 request context. */
interface Authorizer {
  iam?: { userArn?: string; accountId?: string; userId?: string };
  jwt?: { claims?: Record<string, unknown> };
}

/**
 * The caller of an HTTP route, as its authorizer established it: the IAM principal, or the
 * JWT's subject and issuer. `undefined` without an authorizer (only in local runs: deployed
 * routes always have one). Never the caller's token or access key.
 *
 * @example
 * ```ts
 * httpWho(event); // { type: 'iam', id: 'arn:aws:iam::123456789012:user/alice', account: '123456789012', principal: 'AIDA…' }
 * ```
 */
export const httpWho = ({ requestContext }: APIGatewayProxyEventV2): Who | undefined => {
  const { iam, jwt } = (requestContext as { authorizer?: Authorizer }).authorizer ?? {};
  if (iam) return { type: 'iam', id: iam.userArn, account: iam.accountId, principal: iam.userId };
  return jwt && { type: 'jwt', id: jwt.claims?.sub, issuer: jwt.claims?.iss };
};

/**
 * What a request is about, in one flat object: the path and body of a **valid** input
 * (`project_id`, `blockchain_id`, `channel_id`, `org_names`; or `inviter_*`, `channel_name`
 * and `invitee_*`). A caller's token is never part of it.
 *
 * @example
 * ```ts
 * auditTarget({ path: { project_id: 'p1', blockchain_id: 'b1', channel_id: 'c1' }, body: { org_names: ['o1'] } });
 * // { project_id: 'p1', blockchain_id: 'b1', channel_id: 'c1', org_names: ['o1'] }
 * ```
 */
export const auditTarget = (input: object): object => ({
  ...(input as { path?: object }).path,
  ...(input as { body?: object }).body,
});

/**
 * {@link auditTarget} of an input not known to be valid: `undefined` when it is not (nothing
 * of it is logged then, as it may hold anything; the error message names its faults).
 *
 * @example
 * ```ts
 * auditTargetIfValid(removeChannelOrgs.schema, { path, body: { org_names: [] } }); // undefined
 * ```
 */
export const auditTargetIfValid = (
  schema: Schema<unknown>,
  raw: { path: unknown; body: unknown },
): object | undefined => {
  const parsed = safeParse(schema, raw);
  return parsed.success ? auditTarget(parsed.output as typeof raw) : undefined;
};
