import { describe, expect, it } from 'vitest';
import { redactSecret } from '../../../lib/iam/redact-secret.ts';

describe('redactSecret()', () => {
  it('replaces every occurrence of the secret as it is', () => {
    // Prepare
    const text = 'pw=hunter2, again hunter2';

    // Act
    const redacted = redactSecret(text, 'hunter2');

    // Assess
    expect(redacted).toBe('pw=***, again ***');
  });

  it.each([
    ['a double quote as \\"', 'a"b', 'a\\"b'],
    ['a double quote as \\u0022', 'a"b', 'a\\u0022b'],
    ['a backslash as \\\\', 'a\\b', 'a\\\\b'],
    ['a slash as \\/', 'a/b', 'a\\/b'],
    ['a backspace as \\b', 'a\bb', 'a\\bb'],
    ['a form feed as \\f', 'a\fb', 'a\\fb'],
    ['a line feed as \\n', 'a\nb', 'a\\nb'],
    ['a carriage return as \\r', 'a\rb', 'a\\rb'],
    ['a tab as \\t', 'a\tb', 'a\\tb'],
    ['a control character as \\u0001', 'a\u0001b', 'a\\u0001b'],
    ['U+2028 in lower-case hex', 'a\u2028b', 'a\\u2028b'],
    ['é in upper-case hex', 'aéb', 'a\\u00E9b'],
    ['an emoji as its two escaped halves', 'a😀b', 'a\\ud83d\\uDE00b'],
    ['a plain letter escaped for no reason', 'abc', '\\u0061bc'],
  ])('replaces the secret JSON-escaped, with %s', (_kind, secret, written) => {
    // Prepare
    const text = `{"password":"${written}"}`;

    // Act
    const redacted = redactSecret(text, secret);

    // Assess
    expect(redacted).toBe('{"password":"***"}');
  });

  it('takes every character of the secret literally, regular expression syntax included', () => {
    // Prepare
    const secret = '^a.b*c+d?e(f)g[h]i{2}j|k$l/m\\n';

    // Act
    const redacted = redactSecret(`x ${secret} y aXb`, secret);

    // Assess
    expect(redacted).toBe('x *** y aXb');
  });

  it('leaves text that does not hold the secret as it is', () => {
    // Prepare
    const text = 'The username or password is wrong. \\u0061';

    // Act
    const redacted = redactSecret(text, 'hunter2');

    // Assess
    expect(redacted).toBe(text);
  });

  it('redacts nothing for an empty secret', () => {
    // Prepare
    const text = 'The username or password is wrong.';

    // Act
    const redacted = redactSecret(text, '');

    // Assess
    expect(redacted).toBe(text);
  });
});
