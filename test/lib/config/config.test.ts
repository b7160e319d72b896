import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  allowedProjectIds,
  configFrom,
  deadLetterQueueUrl,
  outcomeBusName,
  setting,
  sharedConfig,
  upstreamConfig,
} from '../../../lib/config/config.ts';
import { GatewayError } from '../../../lib/errors/gateway-error.ts';

describe('configFrom()', () => {
  it('copies the environment: a later change is not seen by the container', () => {
    // Prepare
    const env: NodeJS.ProcessEnv = { ALLOWED_PROJECT_IDS: 'p1' };
    const config = configFrom(env);

    // Act
    env.ALLOWED_PROJECT_IDS = 'p2';

    // Assess
    expect(allowedProjectIds(config)).toEqual(new Set(['p1']));
  });

  it('gives the documented defaults for the outcome bus and the dead-letter queue', () => {
    // Act
    const config = configFrom({});

    // Assess
    expect(outcomeBusName(config)).toBe('default');
    expect(deadLetterQueueUrl(config)).toBeUndefined();
  });

  it('reads the dead-letter queue the SQS function is given', () => {
    // Prepare
    const url = 'https://sqs.eu-west-1.amazonaws.com/123456789012/bcs-offboard-requests-dlq';

    // Act
    const config = configFrom({ DEAD_LETTER_QUEUE_URL: url });

    // Assess
    expect(deadLetterQueueUrl(config)).toBe(url);
  });
});

describe('setting()', () => {
  it('parses a setting once, then hands back what it parsed', () => {
    // Prepare
    let parses = 0;
    const counted = setting((env) => {
      parses += 1;
      return env.NAME;
    });
    const config = configFrom({ NAME: 'x' });

    // Act
    const values = [counted(config), counted(config)];

    // Assess
    expect(values).toEqual(['x', 'x']);
    expect(parses).toBe(1);
  });

  it('throws a configuration error on every use, never keeping it', () => {
    // Prepare: a token must never cross a network in clear text
    const config = configFrom({
      BCS_ENDPOINT: 'http://bcs.example.com',
      IAM_ENDPOINT: 'https://iam.example.com',
    });

    // Act
    const errors = [0, 1].map(() => {
      try {
        upstreamConfig(config);
        return undefined;
      } catch (error) {
        return error;
      }
    });

    // Assess
    expect(errors).toEqual([expect.any(GatewayError), expect.any(GatewayError)]);
    expect(errors[0]).not.toBe(errors[1]);
    expect((errors[0] as GatewayError).errorCode).toBe('BCSGW.5000002');
    expect((errors[0] as GatewayError).message).toContain('BCS_ENDPOINT');
  });
});

describe('sharedConfig()', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('reads the environment at its first use, then keeps that configuration for the container', () => {
    // Prepare
    vi.stubEnv('ALLOWED_PROJECT_IDS', 'first-project');

    // Act
    const first = sharedConfig();
    vi.stubEnv('ALLOWED_PROJECT_IDS', 'second-project');
    const second = sharedConfig();

    // Assess
    expect(second).toBe(first);
    expect(allowedProjectIds(second)).toEqual(new Set(['first-project']));
  });
});
