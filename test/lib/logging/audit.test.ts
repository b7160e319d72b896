import { describe, expect, it } from 'vitest';
import { auditTarget, auditTargetIfValid, httpWho } from '../../../lib/logging/audit.ts';
import { quitConsortium } from '../../../lib/operations/quit-consortium.ts';
import { removeChannelOrgs } from '../../../lib/operations/remove-channel-orgs.ts';
import {
  httpEvent,
  iamAuthorizer,
  jwtAuthorizer,
  removeChannelOrgsEvent,
} from '../../helpers/events.ts';
import { ids, quitBody, removeOrgsInput } from '../../helpers/operation-inputs.ts';

describe('httpWho', () => {
  it('names an IAM caller by its ARN, account and unique id, and never by its access key', () => {
    // Prepare
    const event = removeChannelOrgsEvent({ authorizer: iamAuthorizer });

    // Act
    const who = httpWho(event);

    // Assess
    expect(who).toEqual({
      type: 'iam',
      id: 'arn:aws:iam::210987654321:user/alice',
      account: '210987654321',
      principal: 'AIDAJQABLZS4A3QDU576Q',
    });
    expect(JSON.stringify(who)).not.toContain(iamAuthorizer.iam.accessKey);
  });

  it("names a JWT caller by the token's subject and issuer, and nothing else of its claims", () => {
    // Prepare
    const event = removeChannelOrgsEvent({ authorizer: jwtAuthorizer });

    // Act
    const who = httpWho(event);

    // Assess
    expect(who).toEqual({
      type: 'jwt',
      id: 'b7f3a1c2-0d4e-4f5a-8b6c-7d8e9f0a1b2c',
      issuer: 'https://issuer.example.com',
    });
  });

  it('names a JWT caller whose context carries no claims as a JWT caller of unknown subject', () => {
    // Prepare
    const event = removeChannelOrgsEvent({ authorizer: { jwt: {} } });

    // Act
    const who = httpWho(event);

    // Assess
    expect(who).toEqual({ type: 'jwt', id: undefined, issuer: undefined });
  });

  it('names nobody on a route without an authorizer (only local runs have one)', () => {
    // Prepare
    const event = httpEvent({ routeKey: '/slack/commands', rawPath: '/slack/commands' });

    // Act
    const who = httpWho(event);

    // Assess
    expect(who).toBeUndefined();
  });
});

describe('auditTarget', () => {
  it('flattens the path and the body of a request into one object', () => {
    // Prepare
    const input = { path: { project_id: 'p1' }, body: quitBody() };

    // Act
    const target = auditTarget(input);

    // Assess
    expect(target).toEqual({ project_id: 'p1', ...quitBody() });
  });
});

describe('auditTargetIfValid', () => {
  it("gives a valid request's target, without the caller's token", () => {
    // Prepare
    const { path, body } = removeOrgsInput();
    const raw = { path, body, 'X-Auth-Token': 'MIIcallers-own-token' };

    // Act
    const target = auditTargetIfValid(removeChannelOrgs.schema, raw);

    // Assess
    expect(target).toEqual({
      project_id: ids.projectId,
      blockchain_id: ids.blockchainId,
      channel_id: 'channel',
      org_names: ['organization', 'org3'],
    });
  });

  it.each([
    ['an extra field', { path: { project_id: ids.projectId }, body: quitBody({ note: 'x' }) }],
    [
      'a missing field',
      { path: { project_id: ids.projectId }, body: quitBody({ channel_name: undefined }) },
    ],
    ['no path', { path: undefined, body: quitBody() }],
    ['a body that is still text', { path: { project_id: ids.projectId }, body: '{"a":1}' }],
  ])('gives nothing for a request with %s', (_, raw) => {
    // Prepare
    const { schema } = quitConsortium;

    // Act
    const target = auditTargetIfValid(schema, raw);

    // Assess
    expect(target).toBeUndefined();
  });
});
