import { describe, expect, it } from 'vitest';
import { ErrorCodes } from '../../lib/errors/error-codes.ts';
import { GatewayError } from '../../lib/errors/gateway-error.ts';
import { errorBody } from '../../lib/errors/normalize-error.ts';
import { removeChannelOrgs } from '../../lib/operations/remove-channel-orgs.ts';
import { outcomeOfError } from '../../lib/outcome.ts';
import { validate } from '../../lib/schemas/validate.ts';
import { removeOrgsInput } from '../helpers/operation-inputs.ts';

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
