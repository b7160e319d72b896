import { describe, expect, it } from 'vitest';
import {
  encodeSegment,
  listOperationRecordsRequest,
  quitConsortiumRequest,
  removeChannelOrgsRequest,
} from '../../../lib/bcs/requests.ts';
import type { QuitConsortiumBody } from '../../../lib/schemas/quit-consortium.ts';
import { ids, QUIT_BODY_FIELDS } from '../../helpers/operation-inputs.ts';

const quitBody = (): QuitConsortiumBody => ({
  inviter_bcsid: ids.inviterBcsId,
  inviter_projectid: ids.inviterProjectId,
  inviter_domainid: ids.inviterDomainId,
  inviter_username: 'bcs-inviter',
  channel_name: 'channel',
  invitee_bcsid: ids.blockchainId,
  invitee_projectid: ids.projectId,
  invitee_domainid: ids.inviteeDomainId,
});

describe('quitConsortiumRequest()', () => {
  it('is PUT /v2/{project_id}/members/quit', () => {
    // Prepare
    const input = { path: { project_id: ids.projectId }, body: quitBody() };

    // Act
    const request = quitConsortiumRequest(input);

    // Assess
    expect(request.method).toBe('PUT');
    expect(request.path).toBe(`/v2/${ids.projectId}/members/quit`);
  });

  it('sends the eight documented fields, in the documented order, and nothing else', () => {
    // Prepare
    const body = Object.assign(quitBody(), { surplus: 'never sent', 'X-Auth-Token': 'secret' });
    const input = { path: { project_id: ids.projectId }, body };

    // Act
    const request = quitConsortiumRequest(input);

    // Assess
    expect(Object.keys(JSON.parse(request.body) as object)).toEqual([...QUIT_BODY_FIELDS]);
    expect(request.body).toBe(JSON.stringify(quitBody()));
    expect(request.body).not.toContain('secret');
  });

  it('percent-encodes the project id', () => {
    // Prepare
    const input = { path: { project_id: 'p/1?x#y' }, body: quitBody() };

    // Act
    const request = quitConsortiumRequest(input);

    // Assess
    expect(request.path).toBe('/v2/p%2F1%3Fx%23y/members/quit');
  });
});

describe('removeChannelOrgsRequest()', () => {
  it('is PUT /v2/{project_id}/blockchains/{blockchain_id}/{channel_id}/orgs/quit', () => {
    // Prepare
    const path = {
      project_id: ids.projectId,
      blockchain_id: ids.blockchainId,
      channel_id: 'channel',
    };

    // Act
    const request = removeChannelOrgsRequest({ path, body: { org_names: ['org1'] } });

    // Assess
    expect(request.method).toBe('PUT');
    expect(request.path).toBe(
      `/v2/${ids.projectId}/blockchains/${ids.blockchainId}/channel/orgs/quit`,
    );
  });

  it('sends exactly {"org_names": [...]} with the names in order', () => {
    // Prepare
    const body = Object.assign({ org_names: ['org3', 'organization'] }, { surplus: 1 });
    const path = { project_id: 'p', blockchain_id: 'b', channel_id: 'c' };

    // Act
    const request = removeChannelOrgsRequest({ path, body });

    // Assess
    expect(request.body).toBe('{"org_names":["org3","organization"]}');
  });

  it('percent-encodes each path segment on its own', () => {
    // Prepare
    const path = { project_id: 'p 1', blockchain_id: 'a/b', channel_id: '通道' };

    // Act
    const request = removeChannelOrgsRequest({ path, body: { org_names: ['org1'] } });

    // Assess
    expect(request.path).toBe('/v2/p%201/blockchains/a%2Fb/%E9%80%9A%E9%81%93/orgs/quit');
  });
});

describe('listOperationRecordsRequest()', () => {
  it('is GET /v2/{project_id}/operation/record, with no body and no query when none is given', () => {
    // Act
    const request = listOperationRecordsRequest({ path: { project_id: 'p/1' }, query: {} });

    // Assess
    expect(request).toEqual({
      method: 'GET',
      projectId: 'p/1',
      path: '/v2/p%2F1/operation/record',
      query: '',
    });
  });

  it('sends each parameter given once, in the order given, name and value encoded once', () => {
    // Act
    const { query } = listOperationRecordsRequest({
      path: { project_id: 'p1' },
      // A parameter present but undefined (the type says none is; a caller's object may) is none.
      query: {
        operation_id: 'a b+c%',
        operation_status: 'finished',
        resource_type: undefined as unknown as string,
      },
    });

    // Assess
    expect(query).toBe('operation_id=a%20b%2Bc%25&operation_status=finished');
  });
});

describe('encodeSegment()', () => {
  it('leaves the RFC 3986 unreserved characters as they are', () => {
    // Prepare
    const unreserved = 'ABCXYZabcxyz0189-._~';

    // Act
    const encoded = encodeSegment(unreserved);

    // Assess
    expect(encoded).toBe(unreserved);
  });

  it.each([
    ['/', '%2F'],
    ['?', '%3F'],
    ['#', '%23'],
    ['%', '%25'],
    [' ', '%20'],
    ['!', '%21'],
    ["'", '%27'],
    ['(', '%28'],
    [')', '%29'],
    ['*', '%2A'],
    ['+', '%2B'],
    [':', '%3A'],
    ['@', '%40'],
    ['é', '%C3%A9'],
    ['😀', '%F0%9F%98%80'],
  ])('encodes %j as %s', (character, expected) => {
    // Prepare
    const segment = character;

    // Act
    const encoded = encodeSegment(segment);

    // Assess
    expect(encoded).toBe(expected);
  });

  it.each(['', '.', '..'])(
    "refuses the segment '%s', which would change the path even when used without validation",
    (segment) => {
      // Prepare
      const input = segment;

      // Act
      const act = () => encodeSegment(input);

      // Assess
      expect(act).toThrow(new TypeError(`A path segment cannot be '${segment}'`));
    },
  );
});
