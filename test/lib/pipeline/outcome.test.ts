import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configFrom, upstreamConfig } from '../../../lib/config/config.ts';
import * as ErrorCodes from '../../../lib/errors/error-codes.ts';
import { GatewayError } from '../../../lib/errors/gateway-error.ts';
import { errorBody } from '../../../lib/errors/normalize-error.ts';
import { createLogger } from '../../../lib/logging/log.ts';
import { removeChannelOrgs } from '../../../lib/operations/remove-channel-orgs.ts';
import { createBcsCaller } from '../../../lib/pipeline/call-bcs.ts';
import { outcomeDetail, outcomeOfError, outcomeOfResponse } from '../../../lib/pipeline/outcome.ts';
import { settleRequest } from '../../../lib/pipeline/settle-request.ts';
import { validate } from '../../../lib/schemas/validate.ts';
import { defaultSeed, type Simulator, startSimulator } from '../../../simulator/index.ts';
import { removeOrgsInput } from '../../helpers/operation-inputs.ts';

/** The error `validate` throws for a body of 150 organization names, each with a control character. */
const longValidationError = (): GatewayError => {
  const orgNames = Array.from({ length: 150 }, (_, index) => `org${index}\u0000`);
  try {
    validate(removeChannelOrgs.schema, removeOrgsInput({ body: { org_names: orgNames } }));
  } catch (error) {
    return error as GatewayError;
  }
  throw new Error('validate accepted the names');
};

describe('outcomeOfError', () => {
  it('keeps error_msg to 512 characters, as an HTTP caller gets it', () => {
    // Prepare: found by test/functions/hostile-input.test.ts: an SQS message naming 100+
    // invalid organizations was dead-lettered with a failure_reason of 527 characters
    const error = longValidationError();

    // Act
    const outcome = outcomeOfError('remove-channel-orgs', error);

    // Assess
    expect(error.message.length).toBeGreaterThan(512);
    expect(outcome).toMatchObject({ result: 'failed', error_code: 'BCSGW.4000001' });
    expect(outcome.result === 'failed' && outcome.error_msg).toBe(errorBody(error).error_msg);
    expect(outcome.result === 'failed' && outcome.error_msg.length).toBe(512);
  });

  it('keeps a short message as it is', () => {
    // Prepare
    const short = new GatewayError(ErrorCodes.invalidInput, 'Invalid request: x');

    // Act
    const outcome = outcomeOfError('remove-channel-orgs', short);

    // Assess
    expect(outcome).toMatchObject({ error_msg: 'Invalid request: x', delivery: 'final' });
  });
});

describe('outcomeOfResponse', () => {
  const answer = (status: number, json: Record<string, unknown>) => ({
    status,
    body: JSON.stringify(json),
    json,
    requestId: 'req-9',
  });

  it('names the project of a success, for the tracker that follows its operation id', () => {
    // Act
    const outcome = outcomeOfResponse(
      'quit-consortium',
      'p1',
      answer(200, { operation_id: 'op-1' }),
    );

    // Assess
    expect(outcome).toEqual({
      result: 'succeeded',
      operation: 'quit-consortium',
      status: 200,
      operation_id: 'op-1',
      project_id: 'p1',
      bcs_request_id: 'req-9',
    });
  });

  it("keeps BCS's error message, with its request id and a renewed token", () => {
    // Act
    const outcome = outcomeOfResponse('quit-consortium', 'p1', {
      ...answer(403, { error_code: 'BCS.4030001', error_msg: 'no rights on p1' }),
      tokenRenewed: true,
    });

    // Assess
    expect(outcome).toEqual({
      result: 'failed',
      operation: 'quit-consortium',
      status: 403,
      error_code: 'BCS.4030001',
      error_msg: 'no rights on p1',
      delivery: 'final',
      bcs_request_id: 'req-9',
      token_renewed: true,
    });
  });

  it('names no request id and no renewed token when there were none', () => {
    // Act
    const outcome = outcomeOfResponse('quit-consortium', 'p1', {
      ...answer(200, { operation_id: 'op-1' }),
      requestId: undefined,
    });

    // Assess
    expect(outcome).toMatchObject({ result: 'succeeded', operation_id: 'op-1' });
    expect(outcome).not.toHaveProperty('bcs_request_id');
    expect(outcome).not.toHaveProperty('token_renewed');
  });

  it.each([200, 202, 299])('makes BCS %i a success', (status) => {
    // Act
    const outcome = outcomeOfResponse(
      'quit-consortium',
      'p1',
      answer(status, { operation_id: 'op-1' }),
    );

    // Assess
    expect(outcome).toMatchObject({ result: 'succeeded', status });
  });

  it.each([101, 300])('makes any status outside 2xx a failure: %i', (status) => {
    // Act
    const outcome = outcomeOfResponse(
      'quit-consortium',
      'p1',
      answer(status, { error_code: 'x', error_msg: 'moved' }),
    );

    // Assess
    expect(outcome).toMatchObject({ result: 'failed', status, delivery: 'final' });
  });

  it.each([
    [429, 'BCS.4290001', 'not-sent'],
    [503, 'BCS.5030001', 'not-sent'],
    [400, 'BCS.4001020', 'not-sent'],
    [500, 'BCS.5000001', 'may-have-applied'],
    [504, 'BCS.5040001', 'may-have-applied'],
    [400, 'BCS.4001051', 'final'],
  ] as const)('makes BCS %i %s a failure that was %s', (status, code, delivery) => {
    // Act
    const outcome = outcomeOfResponse(
      'remove-channel-orgs',
      'p1',
      answer(status, { error_code: code, error_msg: 'no' }),
    );

    // Assess
    expect(outcome).toMatchObject({ result: 'failed', status, error_code: code, delivery });
  });
});

describe('outcomeDetail', () => {
  it('hands a success over as it is: no delivery flags', () => {
    // Prepare
    const succeeded = outcomeOfResponse('quit-consortium', 'p1', {
      status: 200,
      body: '{"operation_id":"op-1"}',
      json: { operation_id: 'op-1' },
      requestId: undefined,
    });

    // Act
    const detail = outcomeDetail(succeeded);

    // Assess
    expect(detail).toStrictEqual({
      result: 'succeeded',
      operation: 'quit-consortium',
      status: 200,
      operation_id: 'op-1',
      project_id: 'p1',
    });
  });

  it.each([
    ['not-sent', true, false],
    ['may-have-applied', false, true],
    ['final', false, false],
  ] as const)(
    'says %s as retryable %s, may_have_been_applied %s',
    (delivery, retryable, applied) => {
      // Prepare
      const error = new GatewayError(ErrorCodes.bcsTimeout, 'BCS did not answer', { delivery });

      // Act
      const detail = outcomeDetail(outcomeOfError('quit-consortium', error));

      // Assess
      expect(detail).toEqual({
        result: 'failed',
        operation: 'quit-consortium',
        status: 504,
        error_code: 'BCSGW.5040001',
        error_msg: 'BCS did not answer',
        retryable,
        may_have_been_applied: applied,
      });
    },
  );
});

describe('settleRequest', () => {
  let sim: Simulator;

  beforeAll(async () => {
    sim = await startSimulator();
  });

  afterAll(async () => {
    await sim.stop();
  });

  it("makes IAM's 429 an outcome that applied nothing: SQS and EventBridge try again", async () => {
    // Prepare: IAM's 429 means the sign-in was not done, and may pass
    const { demo } = defaultSeed;
    const config = configFrom({
      BCS_ENDPOINT: sim.url,
      IAM_ENDPOINT: sim.url,
      HUAWEICLOUD_DOMAIN_NAME: demo.domainName,
      HUAWEICLOUD_USER_NAME: demo.userName,
      HUAWEICLOUD_PASSWORD: demo.password,
    });
    const pipeline = { config, callBcs: createBcsCaller(() => upstreamConfig(config)) };
    sim.inject({ service: 'iam', mode: 'status', status: 429 });
    const raw = {
      path: {
        project_id: demo.projectId,
        blockchain_id: demo.blockchainId,
        channel_id: demo.channelName,
      },
      body: { org_names: ['organization'] },
    };

    // Act
    const { outcome } = await settleRequest(
      { operation: removeChannelOrgs, raw, correlationId: 'wf-1' },
      {
        signal: AbortSignal.timeout(10_000),
        recordSignal: AbortSignal.timeout(10_000),
        inProgressUntil: Date.now() + 10_000,
      },
      { pipeline, idempotencyStore: () => undefined, log: createLogger() },
    );

    // Assess
    expect(outcome).toMatchObject({
      result: 'failed',
      status: 502,
      error_code: 'BCSGW.5020001',
      delivery: 'not-sent',
    });
    expect(sim.requests.filter((request) => request.service === 'bcs')).toHaveLength(0);
  });
});
