import { QUIT_CONSORTIUM_PATH, quitConsortiumRequest } from '../bcs/requests.ts';
import {
  type QuitConsortiumInput,
  quitConsortiumBody,
  quitConsortiumPath,
} from '../schemas/quit-consortium.ts';
import type { CommandSpec, HttpRoute, SlackWording } from './caller-facts.ts';
import { projectOperation } from './operation.ts';

/** The invitee quits a consortium: `PUT /v2/{project_id}/members/quit`. */
export const quitConsortium = /* @__PURE__ */ projectOperation(
  'quit-consortium',
  quitConsortiumPath,
  quitConsortiumBody,
  quitConsortiumRequest,
);

// How each caller asks for it (catalogue.ts lists these).

/** Its route, BCS's own path, served by `functions/http-quit-consortium.ts`. */
export const quitConsortiumRoute: HttpRoute = {
  method: 'PUT',
  path: QUIT_CONSORTIUM_PATH,
  functionName: 'http-quit-consortium',
  operation: quitConsortium,
};

/** `/bcs-offboard quit-consortium inviter-bcs=<id> …`: our own ids are filled in. */
export const quitConsortiumCommand: CommandSpec = {
  name: 'quit-consortium',
  aliases: [],
  operation: quitConsortium,
  summary: 'our BCS instance leaves a consortium it was invited to (our ids are filled in)',
  keys: [
    { key: 'inviter-bcs', placeholder: '<id>', field: 'body.inviter_bcsid' },
    { key: 'inviter-project', placeholder: '<id>', field: 'body.inviter_projectid' },
    { key: 'inviter-domain', placeholder: '<id>', field: 'body.inviter_domainid' },
    { key: 'inviter-user', placeholder: '<name>', field: 'body.inviter_username' },
    { key: 'channel', placeholder: '<name>', field: 'body.channel_name' },
  ],
  fixed: [
    { field: 'path.project_id', from: 'projectId', meaning: 'our project' },
    { field: 'body.invitee_bcsid', from: 'bcsInstanceId', meaning: 'our BCS instance' },
    { field: 'body.invitee_projectid', from: 'projectId', meaning: 'our project' },
    { field: 'body.invitee_domainid', from: 'domainId', meaning: 'our domain' },
  ],
};

/** `have our BCS instance `b1` quit channel `ch` of `alice`'s consortium (BCS instance `b0`)`. */
export const quitConsortiumWording: SlackWording<QuitConsortiumInput> = ({ body }, code) =>
  `have our BCS instance ${code(body.invitee_bcsid)} quit channel ${code(body.channel_name)} ` +
  `of ${code(body.inviter_username)}'s consortium (BCS instance ${code(body.inviter_bcsid)})`;
