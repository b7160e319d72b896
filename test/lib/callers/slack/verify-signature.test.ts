import { describe, expect, it } from 'vitest';
import {
  checkSlackSignature,
  MAX_SIGNATURE_AGE_SECONDS,
  slackSignature,
} from '../../../../lib/callers/slack/verify-signature.ts';
import { sign, slackDocsExample } from '../../../helpers/slack.ts';

const example = {
  signingSecret: slackDocsExample.signingSecret,
  signature: slackDocsExample.signature,
  timestamp: slackDocsExample.timestamp,
  body: slackDocsExample.body,
  nowSeconds: Number(slackDocsExample.timestamp),
};

describe('slackSignature', () => {
  it("computes the signature of Slack's documented example", () => {
    // Prepare
    const { signingSecret, timestamp, body } = slackDocsExample;

    // Act
    const signature = slackSignature(signingSecret, timestamp, body);

    // Assess
    expect(signature).toBe(slackDocsExample.signature);
  });

  it('signs the bytes of a body the same way as its text', () => {
    // Prepare
    const body = 'text=caf%C3%A9&user_id=U1';

    // Act
    const fromBytes = slackSignature('secret', '1', Buffer.from(body));

    // Assess
    expect(fromBytes).toBe(slackSignature('secret', '1', body));
  });
});

describe('checkSlackSignature', () => {
  it("accepts Slack's documented example request", () => {
    // Prepare
    const request = example;

    // Act
    const refusal = checkSlackSignature(request);

    // Assess
    expect(refusal).toBeUndefined();
  });

  it.each([
    [
      'a changed character',
      slackDocsExample.body.replace('user_id=U2CERLKJA', 'user_id=U2CERLKJB'),
    ],
    ['an added field', `${slackDocsExample.body}&text=quit-consortium`],
    ['a dropped byte', slackDocsExample.body.slice(0, -1)],
    ['the body re-encoded', slackDocsExample.body.replaceAll('%2F', '/')],
  ])('refuses the example with %s', (_, body) => {
    // Prepare
    const request = { ...example, body };

    // Act
    const refusal = checkSlackSignature(request);

    // Assess
    expect(refusal).toBe('signature mismatch');
  });

  it('refuses the example signed with another secret', () => {
    // Prepare
    const request = { ...example, signingSecret: `${example.signingSecret}x` };

    // Act
    const refusal = checkSlackSignature(request);

    // Assess
    expect(refusal).toBe('signature mismatch');
  });

  it.each([
    ['five minutes and a second old', MAX_SIGNATURE_AGE_SECONDS + 1],
    ['five minutes and a second ahead', -(MAX_SIGNATURE_AGE_SECONDS + 1)],
    ['a day old', 86_400],
  ])('refuses a correctly signed request %s', (_, ageSeconds) => {
    // Prepare
    const request = { ...example, nowSeconds: example.nowSeconds + ageSeconds };

    // Act
    const refusal = checkSlackSignature(request);

    // Assess
    expect(refusal).toBe('timestamp outside the five-minute window');
  });

  it.each([MAX_SIGNATURE_AGE_SECONDS, -MAX_SIGNATURE_AGE_SECONDS])(
    'accepts a request exactly %i seconds from now',
    (ageSeconds) => {
      // Prepare
      const request = { ...example, nowSeconds: example.nowSeconds + ageSeconds };

      // Act
      const refusal = checkSlackSignature(request);

      // Assess
      expect(refusal).toBeUndefined();
    },
  );

  it('refuses a stale timestamp even with a signature made for it (no replay)', () => {
    // Prepare
    const timestamp = String(example.nowSeconds - 3600);
    const request = {
      ...example,
      timestamp,
      signature: sign(example.signingSecret, timestamp, example.body),
    };

    // Act
    const refusal = checkSlackSignature(request);

    // Assess
    expect(refusal).toBe('timestamp outside the five-minute window');
  });

  it.each([
    ['no signature header', { signature: undefined }, 'signature missing'],
    ['an empty signature header', { signature: '' }, 'signature missing'],
    ['no timestamp header', { timestamp: undefined }, 'timestamp missing'],
    ['an empty timestamp header', { timestamp: '' }, 'timestamp missing'],
    [
      'a v1 signature',
      { signature: example.signature.replace('v0=', 'v1=') },
      'signature malformed',
    ],
    ['upper-case hex', { signature: example.signature.toUpperCase() }, 'signature malformed'],
    ['a short signature', { signature: example.signature.slice(0, -2) }, 'signature malformed'],
    [
      'two signatures',
      { signature: `${example.signature},${example.signature}` },
      'signature malformed',
    ],
    ['a timestamp in milliseconds', { timestamp: '1531420618000000' }, 'timestamp malformed'],
    ['a decimal timestamp', { timestamp: '1531420618.5' }, 'timestamp malformed'],
    ['a negative timestamp', { timestamp: '-1531420618' }, 'timestamp malformed'],
    ['an empty signing secret', { signingSecret: '' }, 'no secret configured'],
  ])('refuses a request with %s', (_, change, reason) => {
    // Prepare
    const request = { ...example, ...change };

    // Act
    const refusal = checkSlackSignature(request);

    // Assess
    expect(refusal).toBe(reason);
  });

  it('never accepts a signature made with an empty secret', () => {
    // Prepare
    const request = {
      ...example,
      signingSecret: '',
      signature: sign('', example.timestamp, example.body),
    };

    // Act
    const refusal = checkSlackSignature(request);

    // Assess
    expect(refusal).toBe('no secret configured');
  });
});
