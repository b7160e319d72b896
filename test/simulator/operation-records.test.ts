import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Simulator, startSimulator } from '../../simulator/index.ts';
import { sdkDate } from '../helpers/sdk-hmac-sha256.ts';
import {
  bcs,
  demo,
  inviter,
  OPERATION_ID,
  orgsQuitPath,
  quitBody,
  quitPath,
  quitSegments,
  sdkRequest,
  sendSigned,
  signIn,
} from './helpers.ts';

const START = Date.parse('2026-01-04T09:00:00Z');
const DELAYS = { processing: 1000, finished: 4000 };
const recordPath = (projectId: string = demo.projectId) => `/v2/${projectId}/operation/record`;

interface ListAnswer {
  count: number;
  operation_records: Record<string, unknown>[];
}

describe('operation records and GET /v2/{project_id}/operation/record (ListOpRecord)', () => {
  let sim: Simulator;
  let token: string;
  let now = START;

  beforeAll(async () => {
    sim = await startSimulator({ clock: () => now, operationDelaysMs: DELAYS });
  });
  afterAll(() => sim.stop());
  beforeEach(async () => {
    now = START;
    sim.reset();
    token = await signIn(sim);
  });

  async function removeOrg(org = 'org3'): Promise<string> {
    const res = await bcs(sim, 'PUT', orgsQuitPath(), { token, body: { org_names: [org] } });
    if (res.status !== 200) throw new Error(`remove-orgs answered ${res.status}`);
    return String(res.body.operation_id);
  }

  async function list(query = '', asToken = token, projectId?: string): Promise<ListAnswer> {
    const res = await bcs(sim, 'GET', `${recordPath(projectId)}${query}`, { token: asToken });
    if (res.status !== 200) throw new Error(`ListOpRecord answered ${res.status}`);
    return res.body as unknown as ListAnswer;
  }

  async function record(operationId: string): Promise<Record<string, unknown>> {
    const [found] = (await list(`?operation_id=${operationId}`)).operation_records;
    if (found === undefined) throw new Error(`no record ${operationId}`);
    return found;
  }

  function stepStatuses(found: Record<string, unknown>): string[] {
    const steps = Object.values(found.operation_process as Record<string, { status: string }>);
    return steps.map((step) => step.status);
  }

  function control(name: string, body: unknown) {
    return fetch(`${sim.url}/__simulator/${name}`, { method: 'POST', body: JSON.stringify(body) });
  }

  it("records an accepted remove-orgs as waiting, shaped like Huawei's example", async () => {
    // Prepare
    const body = { org_names: ['org3'] };

    // Act
    const put = await bcs(sim, 'PUT', orgsQuitPath(), { token, body });
    const answer = await list(`?operation_id=${String(put.body.operation_id)}`);

    // Assess
    expect(answer.count).toBe(1);
    expect(answer.operation_records[0]).toEqual({
      operation_id: put.body.operation_id,
      resource_type: 'BCSSVC01',
      operation_type: '06',
      domain_id: demo.domainId,
      project_id: demo.projectId,
      blockchain_id: demo.blockchainId,
      blockchain_name: demo.blockchainName,
      cluster_info: {
        cluster_type: 'cce',
        name: `${demo.blockchainName}-cce`,
        cluster_id: expect.stringMatching(/^[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$/),
        node_infos: null,
      },
      operation_process: {
        Preparation: expect.objectContaining({ step_name: 'Preparation', status: 'waiting' }),
        'Remove organizations': expect.objectContaining({ status: 'waiting', serial_num: 2 }),
      },
      record_time: START,
      operation_status: 'waiting',
      message: [],
      desc: `remove orgs org3 from channel ${demo.channelName}`,
    });
  });

  it('records a quit signed with AK/SK as operation type 03, listed with AK/SK too', async () => {
    // Prepare
    const put = sdkRequest(sim, 'PUT', quitSegments, { body: quitBody() });
    const { operation_id: operationId } = (await sendSigned(sim, put, demo.accessKey, sdkDate(now)))
      .body;
    const query = [['operation_id', String(operationId)]] as const;
    const get = sdkRequest(sim, 'GET', ['v2', demo.projectId, 'operation', 'record'], { query });

    // Act
    const res = await sendSigned(sim, get, demo.accessKey, sdkDate(now));

    // Assess
    expect(String(operationId)).toMatch(OPERATION_ID);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      count: 1,
      operation_records: [
        expect.objectContaining({
          operation_id: operationId,
          operation_type: '03',
          blockchain_id: demo.bcsId,
          operation_status: 'waiting',
        }),
      ],
    });
  });

  it('moves an operation from waiting to processing to finished as the clock moves', async () => {
    // Prepare
    const operationId = await removeOrg();
    const seen: unknown[] = [];

    // Act
    for (const at of [0, DELAYS.processing, DELAYS.finished - 1, DELAYS.finished]) {
      now = START + at;
      const found = await record(operationId);
      seen.push([found.operation_status, stepStatuses(found)]);
    }

    // Assess
    expect(seen).toEqual([
      ['waiting', ['waiting', 'waiting']],
      ['processing', ['processing', 'waiting']],
      ['processing', ['finished', 'processing']],
      ['finished', ['finished', 'finished']],
    ]);
  });

  it('fails the operation named by the control API at once, with its message, undoing it', async () => {
    // Prepare
    const operationId = await removeOrg();
    now = START + DELAYS.processing;

    // Act
    const res = await control('operations/fail', {
      operation_id: operationId,
      message: 'peer org3 unreachable',
    });

    // Assess
    expect(res.status).toBe(204);
    const found = await record(operationId);
    expect(found).toMatchObject({
      operation_status: 'failed',
      message: ['peer org3 unreachable'],
    });
    expect(stepStatuses(found)).toEqual(['failed', 'waiting']);
    expect(await removeOrg()).toMatch(OPERATION_ID); // org3 is back in the channel
  });

  it('fails the next operation accepted when it would have finished', async () => {
    // Prepare
    await control('operations/fail', { next: true });
    const operationId = await removeOrg();
    now = START + DELAYS.finished - 1;
    const before = (await record(operationId)).operation_status;

    // Act
    now = START + DELAYS.finished;
    const found = await record(operationId);

    // Assess
    expect(before).toBe('processing');
    expect(found.operation_status).toBe('failed');
    expect(found.message).toEqual(['The operation failed (simulated)']);
    expect(stepStatuses(found)).toEqual(['finished', 'failed']);
    const again = await removeOrg('organization');
    expect((await record(again)).operation_status).toBe('waiting'); // only the next one fails
  });

  it('stops an operation when told, and a quit stopped leaves the member in the channel', async () => {
    // Prepare
    const put = await bcs(sim, 'PUT', quitPath, { token, body: quitBody() });
    const operationId = String(put.body.operation_id);

    // Act
    const res = await control('operations/stop', { operation_id: operationId });

    // Assess
    expect(res.status).toBe(204);
    expect(await record(operationId)).toMatchObject({
      operation_status: 'stop',
      message: ['The operation was stopped (simulated)'],
    });
    const again = await bcs(sim, 'PUT', quitPath, { token, body: quitBody() });
    expect(again.status).toBe(200);
  });

  it('refuses to end an unknown (404) or already finished (409) operation, and a bad order (400)', async () => {
    // Prepare
    const operationId = await removeOrg();
    now = START + DELAYS.finished;

    // Act
    const answers = [
      await control('operations/fail', { operation_id: 'BCSSVC01-06-0000000000000000000' }),
      await control('operations/fail', { operation_id: operationId }),
      await control('operations/fail', { operation_id: operationId, next: true }),
      await control('operations/stop', { message: 'no target' }),
    ];

    // Assess
    expect(answers.map((res) => res.status)).toEqual([404, 409, 400, 400]);
    expect((await record(operationId)).operation_status).toBe('finished');
  });

  it('applies every filter: operation_status, blockchain_id, resource_type, operation_type', async () => {
    // Prepare
    const removal = await removeOrg();
    const quit = String(
      (await bcs(sim, 'PUT', quitPath, { token, body: quitBody() })).body.operation_id,
    );
    await control('operations/fail', { operation_id: quit });
    const ids = async (query: string) =>
      (await list(query)).operation_records.map((found) => found.operation_id);

    // Act
    const answers = {
      all: await ids(''),
      failed: await ids('?operation_status=failed'),
      waiting: await ids('?operation_status=waiting'),
      byBlockchain: await ids(`?blockchain_id=${demo.blockchainId}&operation_type=06`),
      byType: await ids('?operation_type=03'),
      byResource: await ids('?resource_type=BCSSVC01'),
      otherResource: await ids('?resource_type=BCSSVC02'),
      inviterChain: await ids(`?blockchain_id=${inviter.blockchainId}`),
      idAndStatus: await ids(`?operation_id=${removal}&operation_status=failed`),
    };

    // Assess
    expect(answers).toEqual({
      all: [removal, quit],
      failed: [quit],
      waiting: [removal],
      byBlockchain: [removal],
      byType: [quit],
      byResource: [removal, quit],
      otherResource: [],
      inviterChain: [],
      idAndStatus: [],
    });
  });

  it('answers an unknown operation_id with count 0 and an empty list', async () => {
    // Prepare
    await removeOrg();

    // Act
    const answer = await list('?operation_id=BCSSVC01-06-1624275286218943067');

    // Assess
    expect(answer).toEqual({ count: 0, operation_records: [] });
  });

  it('does not list the records of another project', async () => {
    // Prepare
    await removeOrg();
    const otherToken = await signIn(sim, { scope: { project: { id: demo.otherProjectId } } });

    // Act
    const answer = await list('', otherToken, demo.otherProjectId);

    // Assess
    expect(answer).toEqual({ count: 0, operation_records: [] });
  });

  it('refuses a call without credentials (401 APIGW.0301) or for another project (403)', async () => {
    // Prepare
    await removeOrg();
    const otherToken = await signIn(sim, { scope: { project: { id: demo.otherProjectId } } });

    // Act
    const anonymous = await bcs(sim, 'GET', recordPath());
    const elsewhere = await bcs(sim, 'GET', recordPath(), { token: otherToken });

    // Assess
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error_code).toBe('APIGW.0301');
    expect(elsewhere.status).toBe(403);
    expect(elsewhere.body).toEqual({
      error_code: 'BCS.4030403',
      error_msg: `forbidden to project ${demo.projectId}`,
    });
  });

  it("refuses an operation_status outside the five values with 400 in BCS's error shape", async () => {
    // Prepare
    const query = '?operation_status=done';

    // Act
    const res = await bcs(sim, 'GET', `${recordPath()}${query}`, { token });

    // Assess
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      error_code: 'BCS.4006001',
      error_msg:
        'Invalid parameter operation_status: must be one of waiting, processing, finished, failed, stop',
    });
  });

  it('writes the nanosecond step times beyond 2^53 exactly, digits JSON.parse would round', async () => {
    // Prepare
    const operationId = await removeOrg();
    now = START + DELAYS.finished;

    // Act
    const res = await fetch(`${sim.url}${recordPath()}?operation_id=${operationId}`, {
      headers: { 'X-Auth-Token': token },
    });
    const text = await res.text();

    // Assess
    const times = [...text.matchAll(/"(start|end)_time":(\d+)[,}]/g)].map(
      (match) => match[2] ?? '',
    );
    expect(times).toHaveLength(4);
    for (const digits of times) {
      expect(digits).toMatch(/^\d{19}$/);
      expect(BigInt(digits) > 2n ** 53n).toBe(true);
      expect(BigInt(digits) / 1_000_000n).toBeGreaterThanOrEqual(BigInt(START + DELAYS.processing));
      // A JS number prints as at most 17 significant digits: these did not go through one.
      expect(JSON.stringify(JSON.parse(digits))).not.toBe(digits);
    }
  });

  it('lists the same records, big integers exact, on GET /__simulator/operations', async () => {
    // Prepare
    const operationId = await removeOrg();
    now = START + DELAYS.finished;

    // Act
    const text = await (await fetch(`${sim.url}/__simulator/operations`)).text();

    // Assess
    expect(text).toContain(`"operation_id":"${operationId}"`);
    expect(text).toMatch(/"start_time":\d{19},"end_time":\d{19}/);
    expect(text).toContain('"operation_status":"finished"');
  });
});

describe('operation delays', () => {
  it('finishes every operation at once with { processing: 0, finished: 0 }', async () => {
    // Prepare
    const sim = await startSimulator({ operationDelaysMs: { processing: 0, finished: 0 } });
    const token = await signIn(sim);
    const body = { org_names: ['org3'] };

    // Act
    await bcs(sim, 'PUT', orgsQuitPath(), { token, body });
    const [operation] = sim.operations();
    await sim.stop();

    // Assess
    expect(operation?.operation_status).toBe('finished');
  });

  it('refuses delays where processing comes after finished', async () => {
    // Prepare
    const operationDelaysMs = { processing: 5000, finished: 1000 };

    // Act
    const starting = startSimulator({ operationDelaysMs });

    // Assess
    await expect(starting).rejects.toThrow(RangeError);
  });
});
