import { bodyString, pathSegment } from './field-rules.ts';
import { exactObject, lazy, type Schema } from './schema.ts';

/**
 * The eight fields of the quit-consortium body, all mandatory, in the documented order (seed
 * page 000): the schema checks them and the BCS request sends them, in this order.
 */
export const QUIT_CONSORTIUM_FIELDS = [
  'inviter_bcsid',
  'inviter_projectid',
  'inviter_domainid',
  'inviter_username',
  'channel_name',
  'invitee_bcsid',
  'invitee_projectid',
  'invitee_domainid',
] as const;

export type QuitConsortiumBody = Record<(typeof QUIT_CONSORTIUM_FIELDS)[number], string>;

/**
 * The body of "the invitee quits a consortium" (`PUT /v2/{project_id}/members/quit`): the
 * eight {@link QUIT_CONSORTIUM_FIELDS}, strings.
 */
export const quitConsortiumBody = /* @__PURE__ */ lazy(() =>
  exactObject(
    Object.fromEntries(QUIT_CONSORTIUM_FIELDS.map((field) => [field, bodyString()])) as Record<
      keyof QuitConsortiumBody,
      Schema<string>
    >,
  ),
);

export const quitConsortiumPath = /* @__PURE__ */ lazy(() =>
  exactObject({ project_id: pathSegment() }),
);

export interface QuitConsortiumInput {
  path: { project_id: string };
  body: QuitConsortiumBody;
}
