import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../../../lib/config/upstream-config.ts';
import { ErrorCodes } from '../../../lib/errors/error-codes.ts';
import { GatewayError } from '../../../lib/errors/gateway-error.ts';
import { errorBody } from '../../../lib/errors/normalize-error.ts';
import { removeChannelOrgs } from '../../../lib/operations/remove-channel-orgs.ts';
import { createOffboardService } from '../../../lib/pipeline/call-bcs.ts';
import { outcomeOfError, runForOutcome } from '../../../lib/pipeline/outcome.ts';
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
    expect(outcome).toMatchObject({ error_msg: 'Invalid request: x', retryable: false });
  });
});

describe('runForOutcome', () => {
  let sim: Simulator;

  beforeAll(async () => {
    sim = await startSimulator();
  });

  afterAll(async () => {
    await sim.stop();
  });

  it("makes IAM's 429 a retryable outcome that applied nothing: SQS and EventBridge try again", async () => {
    // Prepare: IAM's 429 means the sign-in was not done, and may pass
    const { demo } = defaultSeed;
    const service = createOffboardService(
      readConfig({
        BCS_ENDPOINT: sim.url,
        IAM_ENDPOINT: sim.url,
        HUAWEICLOUD_DOMAIN_NAME: demo.domainName,
        HUAWEICLOUD_USER_NAME: demo.userName,
        HUAWEICLOUD_PASSWORD: demo.password,
      }),
    );
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
    const outcome = await runForOutcome(
      () => service,
      removeChannelOrgs,
      raw,
      AbortSignal.timeout(10_000),
    );

    // Assess
    expect(outcome).toMatchObject({
      result: 'failed',
      status: 502,
      error_code: 'BCSGW.5020001',
      retryable: true,
      may_have_been_applied: false,
    });
    expect(sim.requests.filter((request) => request.service === 'bcs')).toHaveLength(0);
  });
});
