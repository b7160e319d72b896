import { bodyString, pathSegment } from './field-rules.ts';
import { exactObject, lazy } from './schema.ts';

/**
 * The body of "the invitee quits a consortium" (`PUT /v2/{project_id}/members/quit`): eight
 * strings, all mandatory (seed page 000).
 */
export const quitConsortiumBody = lazy(() =>
  exactObject({
    inviter_bcsid: bodyString(),
    inviter_projectid: bodyString(),
    inviter_domainid: bodyString(),
    inviter_username: bodyString(),
    channel_name: bodyString(),
    invitee_bcsid: bodyString(),
    invitee_projectid: bodyString(),
    invitee_domainid: bodyString(),
  }),
);

export const quitConsortiumPath = lazy(() => exactObject({ project_id: pathSegment() }));

export interface QuitConsortiumBody {
  inviter_bcsid: string;
  inviter_projectid: string;
  inviter_domainid: string;
  inviter_username: string;
  channel_name: string;
  invitee_bcsid: string;
  invitee_projectid: string;
  invitee_domainid: string;
}

export interface QuitConsortiumInput {
  path: { project_id: string };
  body: QuitConsortiumBody;
}
