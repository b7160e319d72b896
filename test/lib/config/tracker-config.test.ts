import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { configFrom } from '../../../lib/config/config.ts';
import { readResponseUrlHosts, responseUrlHosts } from '../../../lib/config/slack-config.ts';
import {
  MAX_TRACKING_MAX_AGE_SECONDS,
  MIN_TRACKING_MAX_AGE_SECONDS,
  readTrackerConfig,
  readTrackingMaxAgeSeconds,
  trackerConfig,
} from '../../../lib/config/tracker-config.ts';
import { GatewayError } from '../../../lib/errors/gateway-error.ts';

const env = {
  TRACKING_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/123456789012/bcs-offboard-dev-tracking',
  IDEMPOTENCY_TABLE_NAME: 'bcs-offboard-dev-idempotency',
};

describe('readTrackerConfig()', () => {
  it('follows an operation 6 hours by default, and keeps its records a day longer', () => {
    // Act
    const config = readTrackerConfig(env);

    // Assess
    expect(config).toEqual({
      queueUrl: env.TRACKING_QUEUE_URL,
      maxAgeMs: 6 * 3_600_000,
      tableName: env.IDEMPOTENCY_TABLE_NAME,
      ttlSeconds: 6 * 3600 + 24 * 3600,
    });
  });

  it('reads TRACKING_MAX_AGE_SECONDS, and keeps a longer IDEMPOTENCY_TTL_SECONDS', () => {
    // Act
    const short = readTrackerConfig({ ...env, TRACKING_MAX_AGE_SECONDS: '300' });
    const longTtl = readTrackerConfig({
      ...env,
      TRACKING_MAX_AGE_SECONDS: '300',
      IDEMPOTENCY_TTL_SECONDS: String(7 * 24 * 3600),
    });

    // Assess
    expect(short).toMatchObject({ maxAgeMs: 300_000, ttlSeconds: 300 + 24 * 3600 });
    expect(longTtl.ttlSeconds).toBe(7 * 24 * 3600);
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

describe('readTrackingMaxAgeSeconds()', () => {
  it.each([300, 518_400])('takes %i seconds, a bound', (seconds) => {
    // Act
    const read = readTrackingMaxAgeSeconds({ TRACKING_MAX_AGE_SECONDS: String(seconds) });

    // Assess
    expect(read).toBe(seconds);
  });

  it('takes exactly the whole numbers of seconds from 300 to 518400, written in digits', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 8 }), fc.integer({ min: -1, max: 10 ** 7 }), (text, n) => {
        // Prepare
        const candidates = [text, String(n), ` ${n} `];
        for (const value of candidates) {
          // Act
          let read: number | GatewayError;
          try {
            read = readTrackingMaxAgeSeconds({ TRACKING_MAX_AGE_SECONDS: value });
          } catch (error) {
            read = error as GatewayError;
          }

          // Assess
          const trimmedValue = value.trim();
          if (trimmedValue === '') {
            expect(read).toBe(6 * 3600);
          } else if (
            /^\d+$/.test(trimmedValue) &&
            Number(trimmedValue) >= MIN_TRACKING_MAX_AGE_SECONDS &&
            Number(trimmedValue) <= MAX_TRACKING_MAX_AGE_SECONDS
          ) {
            expect(read).toBe(Number(trimmedValue));
          } else {
            expect(read).toBeInstanceOf(GatewayError);
            expect((read as GatewayError).errorCode).toBe('BCSGW.5000002');
            expect((read as GatewayError).message).toContain('TRACKING_MAX_AGE_SECONDS');
          }
        }
      }),
    );
  });
});

describe('trackerConfig()', () => {
  it('parses the settings once per container', () => {
    // Prepare
    const source: NodeJS.ProcessEnv = { ...env };
    const config = configFrom(source);

    // Act
    const first = trackerConfig(config);
    source.TRACKING_MAX_AGE_SECONDS = '300';
    const second = trackerConfig(config);

    // Assess
    expect(second).toBe(first);
    expect(second.maxAgeMs).toBe(6 * 3_600_000);
  });

  it('throws BCSGW.5000002 naming the variable on every use while a setting is unusable', () => {
    // Prepare
    const config = configFrom({ ...env, TRACKING_QUEUE_URL: undefined });

    // Act
    const errors = [0, 1].map(() => {
      try {
        return trackerConfig(config);
      } catch (error) {
        return error;
      }
    });

    // Assess
    expect(errors).toEqual([expect.any(GatewayError), expect.any(GatewayError)]);
    expect((errors[1] as GatewayError).errorCode).toBe('BCSGW.5000002');
    expect((errors[1] as GatewayError).message).toContain('TRACKING_QUEUE_URL');
  });
});

describe('responseUrlHosts()', () => {
  it('is hooks.slack.com unless SLACK_RESPONSE_URL_HOSTS says otherwise, lower-cased', () => {
    // Act
    const hosts = [
      responseUrlHosts(configFrom({})),
      readResponseUrlHosts({ SLACK_RESPONSE_URL_HOSTS: 'Hooks.Slack.com, 127.0.0.1' }),
    ];

    // Assess
    expect(hosts).toEqual([
      new Set(['hooks.slack.com']),
      new Set(['hooks.slack.com', '127.0.0.1']),
    ]);
  });
});
