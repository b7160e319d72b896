import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkSlackSignature,
  MAX_SIGNATURE_AGE_SECONDS,
  slackSignature,
} from '../../../../lib/callers/slack/verify-signature.ts';
import { sign } from '../../../helpers/slack.ts';

const secret = fc.string({ minLength: 1, maxLength: 64 });
const body = fc.uint8Array({ maxLength: 2000 }).map((bytes) => Buffer.from(bytes));
const timestamp = fc.integer({ min: 1_000_000_000, max: 4_000_000_000 });
const skew = fc.integer({ min: -MAX_SIGNATURE_AGE_SECONDS, max: MAX_SIGNATURE_AGE_SECONDS });

describe('checkSlackSignature (properties)', () => {
  it('accepts every body signed with the secret within the window', () => {
    fc.assert(
      fc.property(secret, body, timestamp, skew, (key, bytes, ts, delta) => {
        // Prepare
        const request = {
          signingSecret: key,
          timestamp: String(ts),
          signature: sign(key, String(ts), bytes),
          body: bytes,
          nowSeconds: ts + delta,
        };

        // Act
        const refusal = checkSlackSignature(request);

        // Assess
        expect(refusal).toBeUndefined();
      }),
    );
  });

  it('refuses a body changed in any byte', () => {
    fc.assert(
      fc.property(
        secret,
        body.filter((bytes) => bytes.length > 0),
        timestamp,
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        (key, bytes, ts, at, flip) => {
          // Prepare
          const signature = sign(key, String(ts), bytes);
          const tampered = Buffer.from(bytes);
          const index = at % tampered.length;
          tampered[index] = (tampered[index] ?? 0) ^ flip;

          // Act
          const refusal = checkSlackSignature({
            signingSecret: key,
            timestamp: String(ts),
            signature,
            body: tampered,
            nowSeconds: ts,
          });

          // Assess
          expect(refusal).toBe('signature mismatch');
        },
      ),
    );
  });

  it('refuses every timestamp outside the window, however well signed', () => {
    fc.assert(
      fc.property(
        secret,
        body,
        timestamp,
        fc.integer({ min: MAX_SIGNATURE_AGE_SECONDS + 1, max: 10_000_000 }),
        fc.boolean(),
        (key, bytes, ts, distance, ahead) => {
          // Prepare
          const request = {
            signingSecret: key,
            timestamp: String(ts),
            signature: slackSignature(key, String(ts), bytes),
            body: bytes,
            nowSeconds: ahead ? ts - distance : ts + distance,
          };

          // Act
          const refusal = checkSlackSignature(request);

          // Assess
          expect(refusal).toBe('timestamp outside the five-minute window');
        },
      ),
    );
  });

  it('never throws, whatever the headers hold', () => {
    fc.assert(
      fc.property(
        fc.option(fc.string({ unit: 'binary', maxLength: 120 }), { nil: undefined }),
        fc.option(fc.string({ unit: 'binary', maxLength: 120 }), { nil: undefined }),
        fc.string({ unit: 'binary', maxLength: 200 }),
        (signature, ts, text) => {
          // Prepare
          const request = {
            signingSecret: 's',
            signature,
            timestamp: ts,
            body: text,
            nowSeconds: 0,
          };

          // Act
          const check = () => checkSlackSignature(request);

          // Assess
          expect(check).not.toThrow();
        },
      ),
    );
  });
});
