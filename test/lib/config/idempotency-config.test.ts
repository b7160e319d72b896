import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_IDEMPOTENCY_TTL_SECONDS,
  MAX_IDEMPOTENCY_TTL_SECONDS,
  MIN_IDEMPOTENCY_TTL_SECONDS,
  readIdempotencyConfig,
} from '../../../lib/config/idempotency-config.ts';
import { GatewayError } from '../../../lib/errors/gateway-error.ts';

describe('readIdempotencyConfig()', () => {
  it('is off when no table is named', () => {
    // Act
    const configs = [{}, { IDEMPOTENCY_TABLE_NAME: '' }, { IDEMPOTENCY_TABLE_NAME: '  ' }].map(
      (env) => readIdempotencyConfig(env),
    );

    // Assess
    expect(configs).toEqual([undefined, undefined, undefined]);
  });

  it('remembers requests for an hour unless told otherwise', () => {
    // Act
    const config = readIdempotencyConfig({ IDEMPOTENCY_TABLE_NAME: ' bcs-offboard-idem ' });

    // Assess
    expect(config).toEqual({
      tableName: 'bcs-offboard-idem',
      ttlSeconds: DEFAULT_IDEMPOTENCY_TTL_SECONDS,
    });
  });

  it('takes any whole number of seconds from 15 minutes to 7 days', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: MIN_IDEMPOTENCY_TTL_SECONDS, max: MAX_IDEMPOTENCY_TTL_SECONDS }),
        (ttl) => {
          // Act
          const config = readIdempotencyConfig({
            IDEMPOTENCY_TABLE_NAME: 't',
            IDEMPOTENCY_TTL_SECONDS: String(ttl),
          });

          // Assess
          expect(config?.ttlSeconds).toBe(ttl);
        },
      ),
    );
  });

  it.each([
    ['900', 900],
    ['604800', 604_800],
    [' 3600 ', 3600],
  ])('takes %j, the bounds included and spaces trimmed', (ttl, seconds) => {
    // Act
    const config = readIdempotencyConfig({
      IDEMPOTENCY_TABLE_NAME: 't',
      IDEMPOTENCY_TTL_SECONDS: ttl,
    });

    // Assess
    expect(config?.ttlSeconds).toBe(seconds);
  });

  it('refuses any other TTL with a configuration error that names the variable', () => {
    const outOfRange = fc.oneof(
      fc.integer({ max: MIN_IDEMPOTENCY_TTL_SECONDS - 1 }).map(String),
      fc.integer({ min: MAX_IDEMPOTENCY_TTL_SECONDS + 1 }).map(String),
      fc.double({ noInteger: true }).map(String),
      fc.string().filter((s) => s.trim() !== '' && !/^\s*\d+\s*$/.test(s)),
      fc.constantFrom('1e3', '0x3e8', '1_000', '+1000', '1000.0', 'Infinity'),
    );
    fc.assert(
      fc.property(outOfRange, (ttl) => {
        // Act
        const reading = () =>
          readIdempotencyConfig({ IDEMPOTENCY_TABLE_NAME: 't', IDEMPOTENCY_TTL_SECONDS: ttl });

        // Assess
        expect(reading).toThrow(GatewayError);
        expect(reading).toThrow(/IDEMPOTENCY_TTL_SECONDS/);
      }),
    );
  });

  it.each(['0', '899', '604801'])('refuses %j, a whole number just outside the bounds', (ttl) => {
    // Act
    const reading = () =>
      readIdempotencyConfig({ IDEMPOTENCY_TABLE_NAME: 't', IDEMPOTENCY_TTL_SECONDS: ttl });

    // Assess
    expect(reading).toThrow(
      'IDEMPOTENCY_TTL_SECONDS must be a whole number of seconds from 900 to 604800',
    );
  });
});
