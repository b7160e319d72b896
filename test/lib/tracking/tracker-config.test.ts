import { describe, expect, it } from 'vitest';
import { readTrackerConfig } from '../../../lib/tracking/tracker-config.ts';

const env = {
  TRACKING_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/123456789012/bcs-offboard-dev-tracking',
  IDEMPOTENCY_TABLE_NAME: 'bcs-offboard-dev-idempotency',
};

describe('readTrackerConfig', () => {
  it('follows an operation 6 hours by default, and keeps its records a day longer', () => {
    // Act
    const config = readTrackerConfig(env);

    // Assess
    expect(config).toEqual({
      queueUrl: env.TRACKING_QUEUE_URL,
      maxAgeMs: 6 * 3_600_000,
      busName: 'default',
      tableName: env.IDEMPOTENCY_TABLE_NAME,
      ttlSeconds: 6 * 3600 + 24 * 3600,
      responseUrlHosts: new Set(['hooks.slack.com']),
    });
  });

  it('reads TRACKING_MAX_AGE_SECONDS, the bus and the Slack hosts', () => {
    // Act
    const config = readTrackerConfig({
      ...env,
      TRACKING_MAX_AGE_SECONDS: '300',
      OUTCOME_EVENT_BUS_NAME: 'outcomes',
      SLACK_RESPONSE_URL_HOSTS: 'Hooks.Slack.com, 127.0.0.1',
    });

    // Assess
    expect(config).toMatchObject({
      maxAgeMs: 300_000,
      busName: 'outcomes',
      ttlSeconds: 300 + 24 * 3600,
      responseUrlHosts: new Set(['hooks.slack.com', '127.0.0.1']),
    });
  });

  it.each(['299', '518401', '1e4', '-300', '3600.5', 'six hours'])(
    'refuses TRACKING_MAX_AGE_SECONDS=%s with BCSGW.5000002 naming the variable',
    (value) => {
      // Act
      const read = () => readTrackerConfig({ ...env, TRACKING_MAX_AGE_SECONDS: value });

      // Assess
      expect(read).toThrow(/^Configuration error: TRACKING_MAX_AGE_SECONDS must be/);
    },
  );

  it.each(['TRACKING_QUEUE_URL', 'IDEMPOTENCY_TABLE_NAME'])('refuses to run without %s', (name) => {
    // Act
    const read = () => readTrackerConfig({ ...env, [name]: ' ' });

    // Assess
    expect(read).toThrow(`Configuration error: ${name} is not set`);
  });
});
