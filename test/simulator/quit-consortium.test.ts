import { describe, expect, it } from 'vitest';
import type { Simulator } from '../../simulator/index.ts';
import {
  bcs,
  demo,
  inviter,
  OPERATION_ID,
  quitBody,
  quitPath,
  useSignedInSimulator,
} from './helpers.ts';

const FIELDS = [
  'inviter_bcsid',
  'inviter_projectid',
  'inviter_domainid',
  'inviter_username',
  'channel_name',
  'invitee_bcsid',
  'invitee_projectid',
  'invitee_domainid',
];

describe('PUT /v2/{project_id}/members/quit (the invitee quits a consortium)', () => {
  let sim: Simulator;
  let token: string;
  useSignedInSimulator((started, signedIn) => {
    sim = started;
    token = signedIn;
  });

  it('answers 200 {"result": "success", "operation_id"} and records the operation', async () => {
    // Prepare
    const body = quitBody();

    // Act
    const res = await bcs(sim, 'PUT', quitPath, { token, body });

    // Assess
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      result: 'success',
      operation_id: expect.stringMatching(OPERATION_ID),
    });
    expect(String(res.body.operation_id)).toMatch(/^BCSSVC01-03-/);
    expect(sim.operations()).toEqual([
      expect.objectContaining({
        operation_id: res.body.operation_id,
        operation_type: '03',
        operation_status: 'waiting',
        blockchain_id: demo.blockchainId,
      }),
    ]);
  });

  it('refuses a second identical quit with 400 BCS.4006003 (no longer a member)', async () => {
    // Prepare
    await bcs(sim, 'PUT', quitPath, { token, body: quitBody() });

    // Act
    const res = await bcs(sim, 'PUT', quitPath, { token, body: quitBody() });

    // Assess
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      error_code: 'BCS.4006003',
      error_msg: 'Invalid Parameter notification status',
    });
    expect(sim.operations()).toHaveLength(1);
  });

  it('refuses an invitee_projectid other than the path project with 403 BCS.4030403', async () => {
    // Prepare
    const body = quitBody({ invitee_projectid: demo.otherProjectId });

    // Act
    const res = await bcs(sim, 'PUT', quitPath, { token, body });

    // Assess
    expect(res.status).toBe(403);
    expect(res.body).toEqual({
      error_code: 'BCS.4030403',
      error_msg: `forbidden to project ${demo.otherProjectId}`,
    });
  });

  it.each([
    ['an unknown inviter instance', { inviter_bcsid: '00000000-0000-4000-8000-000000000000' }],
    ['a wrong inviter project', { inviter_projectid: demo.projectId }],
    ['a wrong inviter domain', { inviter_domainid: demo.domainId }],
    ['a wrong inviter account name', { inviter_username: 'someone-else' }],
    ['the invitee instance as inviter', { inviter_bcsid: demo.blockchainId }],
  ])('refuses %s with 400 BCS.4001011', async (_, overrides) => {
    // Prepare
    const body = quitBody(overrides);

    // Act
    const res = await bcs(sim, 'PUT', quitPath, { token, body });

    // Assess
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      error_code: 'BCS.4001011',
      error_msg: 'The service does not exist or has been deleted',
    });
  });

  it('refuses a channel the inviter instance does not have with 400 BCS.4006012', async () => {
    // Prepare
    const body = quitBody({ channel_name: 'no-such-channel' });

    // Act
    const res = await bcs(sim, 'PUT', quitPath, { token, body });

    // Assess
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error_code: 'BCS.4006012', error_msg: 'Invalid channel name' });
  });

  it.each([
    ['an invitee instance that is no member', { invitee_bcsid: inviter.bcsId }],
    ['a wrong invitee domain', { invitee_domainid: inviter.domainId }],
  ])('refuses %s with 400 BCS.4006003', async (_, overrides) => {
    // Prepare
    const body = quitBody(overrides);

    // Act
    const res = await bcs(sim, 'PUT', quitPath, { token, body });

    // Assess
    expect(res.status).toBe(400);
    expect(res.body.error_code).toBe('BCS.4006003');
  });

  it.each(FIELDS)('refuses a body without %s with 400 BCS.4006009 naming it', async (field) => {
    // Prepare
    const body = quitBody({ [field]: undefined });

    // Act
    const res = await bcs(sim, 'PUT', quitPath, { token, body });

    // Assess
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      error_code: 'BCS.4006009',
      error_msg: `The required parameter ${field} is missing`,
    });
  });

  it.each([
    ['an empty string', ''],
    ['null', null],
  ])('treats %s as a missing field', async (_, value) => {
    // Prepare
    const body = quitBody({ channel_name: value });

    // Act
    const res = await bcs(sim, 'PUT', quitPath, { token, body });

    // Assess
    expect(res.status).toBe(400);
    expect(res.body.error_msg).toBe('The required parameter channel_name is missing');
  });

  it('refuses a non-string field with 400 BCS.4006009 naming it', async () => {
    // Prepare
    const body = quitBody({ inviter_username: 42 });

    // Act
    const res = await bcs(sim, 'PUT', quitPath, { token, body });

    // Assess
    expect(res.status).toBe(400);
    expect(res.body.error_code).toBe('BCS.4006009');
    expect(res.body.error_msg).toContain('inviter_username');
  });

  it.each([
    ['not JSON', '{"inviter_bcsid": '],
    ['a JSON array', '[]'],
    ['JSON null', 'null'],
    ['an empty body', ''],
  ])('refuses a body that is %s with 400 BCS.4006009', async (_, body) => {
    // Prepare
    const raw = body;

    // Act
    const res = await bcs(sim, 'PUT', quitPath, { token, body: raw });

    // Assess
    expect(res.status).toBe(400);
    expect(res.body.error_code).toBe('BCS.4006009');
  });
});
