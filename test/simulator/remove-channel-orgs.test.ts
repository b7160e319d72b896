import { describe, expect, it } from 'vitest';
import {
  defaultSeed,
  type Simulator,
  type SimulatorSeed,
  startSimulator,
} from '../../simulator/index.ts';
import {
  bcs,
  demo,
  inviter,
  OPERATION_ID,
  orgsQuitPath,
  signIn,
  useSignedInSimulator,
} from './helpers.ts';

describe('PUT /v2/{project_id}/blockchains/{blockchain_id}/{channel_id}/orgs/quit', () => {
  let sim: Simulator;
  let token: string;
  const removeOrgs = (orgNames: unknown, path = orgsQuitPath()) =>
    bcs(sim, 'PUT', path, { token, body: { org_names: orgNames } });

  useSignedInSimulator((started, signedIn) => {
    sim = started;
    token = signedIn;
  });

  it('answers 200 {"operation_id"} and records the operation', async () => {
    // Prepare
    const orgNames = ['organization', 'organization2'];

    // Act
    const res = await removeOrgs(orgNames);

    // Assess
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ operation_id: expect.stringMatching(OPERATION_ID) });
    expect(String(res.body.operation_id)).toMatch(/^BCSSVC01-06-/);
    expect(sim.operations()).toEqual([
      expect.objectContaining({ operation_id: res.body.operation_id, operation_type: '06' }),
    ]);
  });

  it('removes the orgs: removing one of them again fails with 400 BCS.4001051', async () => {
    // Prepare
    await removeOrgs(['organization']);

    // Act
    const res = await removeOrgs(['organization']);

    // Assess
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      error_code: 'BCS.4001051',
      error_msg: 'Input org organization is not exist',
    });
  });

  it('removes nothing when one org is missing (all or nothing), naming the first missing org', async () => {
    // Prepare
    const orgNames = ['organization', 'ghost', 'org3', 'phantom'];

    // Act
    const refused = await removeOrgs(orgNames);
    const stillThere = await removeOrgs(['organization', 'org3']);

    // Assess
    expect(refused.status).toBe(400);
    expect(refused.body).toEqual({
      error_code: 'BCS.4001051',
      error_msg: 'Input org ghost is not exist',
    });
    expect(stillThere.status).toBe(200);
    expect(sim.operations()).toHaveLength(1);
  });

  it('refuses an unknown blockchain with 400 BCS.4001011', async () => {
    // Prepare
    const path = orgsQuitPath(demo.projectId, '00000000-0000-4000-8000-000000000000');

    // Act
    const res = await removeOrgs(['org3'], path);

    // Assess
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      error_code: 'BCS.4001011',
      error_msg: 'The service does not exist or has been deleted',
    });
  });

  it("refuses another project's blockchain with 400 BCS.4001011", async () => {
    // Prepare
    const path = orgsQuitPath(demo.projectId, inviter.blockchainId);

    // Act
    const res = await removeOrgs(['inviter-org'], path);

    // Assess
    expect(res.status).toBe(400);
    expect(res.body.error_code).toBe('BCS.4001011');
  });

  it('refuses an unknown channel with 400 BCS.4006012', async () => {
    // Prepare
    const path = orgsQuitPath(demo.projectId, demo.blockchainId, 'no-such-channel');

    // Act
    const res = await removeOrgs(['org3'], path);

    // Assess
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error_code: 'BCS.4006012', error_msg: 'Invalid channel name' });
  });

  it('percent-decodes each path segment (a channel name holding "/" and spaces)', async () => {
    // Prepare
    const seed: SimulatorSeed = {
      accounts: defaultSeed.accounts,
      blockchains: [
        {
          id: demo.blockchainId,
          name: 'demo-bcs',
          projectId: demo.projectId,
          domainId: demo.domainId,
          channels: [{ name: 'team a/b', orgs: ['org x'], members: [] }],
        },
      ],
    };
    const custom = await startSimulator({ seed });
    const customToken = await signIn(custom);
    const path = orgsQuitPath(demo.projectId, demo.blockchainId, 'team a/b');

    // Act
    const res = await bcs(custom, 'PUT', path, {
      token: customToken,
      body: { org_names: ['org x'] },
    });

    // Assess
    expect(path).toContain('team%20a%2Fb');
    expect(res.status).toBe(200);
    await custom.stop();
  });

  it.each([
    ['missing', undefined, 'The required parameter org_names is missing'],
    ['null', null, 'The required parameter org_names is missing'],
    ['an empty list', [], 'The required parameter org_names is missing'],
    ['a string', 'org3', 'The parameter org_names must be an array of strings'],
    ['a list holding a number', ['org3', 7], 'Every org_names entry must be a non-empty string'],
    ['a list holding an empty name', [''], 'Every org_names entry must be a non-empty string'],
  ])('refuses org_names that is %s with 400 BCS.4006009', async (_, orgNames, message) => {
    // Prepare
    const body = orgNames;

    // Act
    const res = await removeOrgs(body);

    // Assess
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error_code: 'BCS.4006009', error_msg: message });
  });

  it('refuses a body that is not a JSON object with 400 BCS.4006009', async () => {
    // Prepare
    const body = '"org3"';

    // Act
    const res = await bcs(sim, 'PUT', orgsQuitPath(), { token, body });

    // Assess
    expect(res.status).toBe(400);
    expect(res.body.error_code).toBe('BCS.4006009');
  });
});
