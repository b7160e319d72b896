import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GatewayError } from '../../../lib/errors/gateway-error.ts';
import { type HuaweiCredentials, type SignInOptions, signIn } from '../../../lib/iam/sign-in.ts';
import { closedPort } from '../../helpers/closed-port.ts';
import {
  jsonReply,
  type ScriptedReply,
  type ScriptedServer,
  startScriptedServer,
} from '../../helpers/scripted-server.ts';

const PASSWORD = 'S3cret-Passw0rd!-never-shown';
const PROJECT_ID = '0f5c2e8a91d34b6c8e7fa2b1c9d04e36';
const TOKEN = `MIIZkgYJKoZIhvcNAQcCoIIZgzCCGX8CAQExDTALBglghkgBZQMEAgEw${'T'.repeat(4000)}`;
const NOW = 1_700_000_000_000;
const HOUR = 60 * 60 * 1000;

const credentials = (): HuaweiCredentials => ({
  domainName: 'bcs-demo',
  userName: 'offboard-bot',
  password: PASSWORD,
});

/** IAM's 201: the token in X-Subject-Token, its times in the body (six fractional digits). */
const tokenReply = (
  token: string | null = TOKEN,
  times: Record<string, string> = {
    issued_at: '2026-01-03T09:05:22.701000Z',
    expires_at: '2026-01-04T09:05:22.701000Z',
  },
): ScriptedReply => ({
  status: 201,
  headers: {
    'Content-Type': 'application/json;charset=UTF-8',
    ...(token === null ? {} : { 'X-Subject-Token': token }),
  },
  body: JSON.stringify({
    token: {
      ...times,
      methods: ['password'],
      project: { id: PROJECT_ID, name: 'cn-north-4' },
      user: { name: 'offboard-bot', domain: { name: 'bcs-demo' } },
    },
  }),
});

/** JSON with every unit outside printable ASCII written `\uXXXX`, as Python's json.dumps does. */
const asciiJson = (value: unknown): string =>
  JSON.stringify(value).replace(
    /[^\x20-\x7e]/g,
    (unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );

/** Passwords with a character JSON escapes, or that an ASCII-only encoder escapes. */
const ESCAPED_PASSWORDS = [
  ['a double quote', 'S3cret"Passw0rd'],
  ['a backslash', 'S3cret\\Passw0rd'],
  ['a control character', 'S3cret\u0001Passw0rd'],
  ['a line separator (U+2028)', 'S3cret\u2028Passw0rd'],
  ['a letter outside ASCII', 'S3crèt-Pässw0rd'],
  ['an emoji', 'S3cret😀Passw0rd'],
] as const;

/** What the promise threw; fails the test when it did not throw a GatewayError. */
const rejection = async (promise: Promise<unknown>): Promise<GatewayError> => {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(GatewayError);
    return error as GatewayError;
  }
  throw new Error('signIn did not throw');
};

/** Never shows the password, in the message or in the cause that is logged. */
const expectNoPassword = (error: GatewayError): void => {
  expect(error.message).not.toContain(PASSWORD);
  expect(JSON.stringify(error.cause) ?? '').not.toContain(PASSWORD);
};

describe('IAM sign-in', () => {
  let iam: ScriptedServer;
  let options: (overrides?: Partial<SignInOptions>) => SignInOptions;

  beforeEach(async () => {
    iam = await startScriptedServer();
    options = (overrides = {}) => ({
      iamEndpoint: iam.url,
      credentials: credentials(),
      projectId: PROJECT_ID,
      signal: AbortSignal.timeout(5000),
      now: () => NOW,
      ...overrides,
    });
  });

  afterEach(async () => {
    await iam.stop();
  });

  describe('the request', () => {
    it('posts the documented password sign-in, scoped to the project, with nocatalog=true', async () => {
      // Prepare
      iam.enqueue(tokenReply());

      // Act
      await signIn(options());

      // Assess
      expect(iam.requests).toHaveLength(1);
      const [request] = iam.requests;
      expect(request?.method).toBe('POST');
      expect(request?.url).toBe('/v3/auth/tokens?nocatalog=true');
      expect(request?.headers['content-type']).toBe('application/json;charset=utf8');
      expect(JSON.parse(request?.body ?? '')).toEqual({
        auth: {
          identity: {
            methods: ['password'],
            password: {
              user: { name: 'offboard-bot', password: PASSWORD, domain: { name: 'bcs-demo' } },
            },
          },
          scope: { project: { id: PROJECT_ID } },
        },
      });
    });

    it('sends no X-Auth-Token of any kind', async () => {
      // Prepare
      iam.enqueue(tokenReply());

      // Act
      await signIn(options());

      // Assess
      expect(iam.requests[0]?.headers['x-auth-token']).toBeUndefined();
    });

    it('joins an endpoint with trailing slashes without doubling one', async () => {
      // Prepare
      iam.enqueue(tokenReply());

      // Act
      await signIn(options({ iamEndpoint: `${iam.url}//` }));

      // Assess
      expect(iam.requests[0]?.url).toBe('/v3/auth/tokens?nocatalog=true');
    });
  });

  describe('the token', () => {
    it('is the X-Subject-Token header, as IAM sent it', async () => {
      // Prepare
      iam.enqueue(tokenReply());

      // Act
      const token = await signIn(options());

      // Assess
      expect(token.value).toBe(TOKEN);
    });

    it("expires after IAM's lifetime (expires_at - issued_at), counted on the local clock", async () => {
      // Prepare
      iam.enqueue(
        tokenReply(TOKEN, {
          issued_at: '2020-05-01T00:00:00.000000Z',
          expires_at: '2020-05-01T02:30:00.500000Z',
        }),
      );

      // Act
      const token = await signIn(options());

      // Assess
      expect(token.expiresAt).toBe(NOW + 2.5 * HOUR + 500);
    });

    it('counts from the moment the sign-in started, not from when IAM answered', async () => {
      // Prepare
      iam.enqueue(tokenReply());
      let calls = 0;
      const clock = () => NOW + 1000 * calls++;

      // Act
      const token = await signIn(options({ now: clock }));

      // Assess
      expect(token.expiresAt).toBe(NOW + 24 * HOUR);
    });

    it('counts from the local clock when IAM gives no issued_at', async () => {
      // Prepare
      iam.enqueue(tokenReply(TOKEN, { expires_at: new Date(NOW + 2 * HOUR).toISOString() }));

      // Act
      const token = await signIn(options());

      // Assess
      expect(token.expiresAt).toBe(NOW + 2 * HOUR);
    });
  });

  describe('a 201 IAM gave no usable expiry', () => {
    it.each([
      ['a body without a token', '{}'],
      ['a body that is not JSON', '<html>created</html>'],
      ['a body whose JSON is null', 'null'],
      [
        'a token that expires as it is issued',
        '{"token":{"issued_at":"2026-01-03T09:05:22.701000Z","expires_at":"2026-01-03T09:05:22.701000Z"}}',
      ],
      ['times that are not strings', '{"token":{"issued_at":2025,"expires_at":2026}}'],
      ['times that are not dates', '{"token":{"issued_at":"soon","expires_at":"later"}}'],
    ])('throws BCSGW.5020001 for %s', async (_kind, body) => {
      // Prepare
      iam.enqueue({ status: 201, headers: { 'X-Subject-Token': TOKEN }, body });

      // Act
      const error = await rejection(signIn(options()));

      // Assess
      expect(error.errorCode).toBe('BCSGW.5020001');
      expect(error.cause).toEqual({ hasToken: true, body });
    });
  });

  describe("IAM's reason", () => {
    it.each([
      ['a message without a code', { error: { message: 'Try later.' } }, 'Try later.'],
      ['a numeric code without a title', { error: { code: 503, message: 'Busy.' } }, '503: Busy.'],
      [
        'a flat code over a nested one',
        { error_code: 'IAM.0001', error: { message: 'x' } },
        'IAM.0001: x',
      ],
      ['a code that is an object', { error_code: { id: 1 }, error_msg: 'Odd.' }, 'Odd.'],
      ['no message at all', { error_code: 'IAM.0001' }, '(IAM gave no readable reason)'],
    ])('reads %s', async (_kind, body, reason) => {
      // Prepare
      iam.enqueue(jsonReply(503, body));

      // Act
      const error = await rejection(signIn(options()));

      // Assess
      expect(error.message).toBe(`Sign-in to IAM failed: 503 ${reason}`);
    });

    it('keeps 300 characters of a long reason, without splitting a character', async () => {
      // Prepare
      const message = `${'m'.repeat(300 - 'IAM.0001: '.length - 1)}😀${'n'.repeat(50)}`;
      iam.enqueue(jsonReply(503, { error_code: 'IAM.0001', error_msg: message }));

      // Act
      const error = await rejection(signIn(options()));

      // Assess
      expect(error.message).toBe(`Sign-in to IAM failed: 503 IAM.0001: ${message.slice(0, 289)}`);
    });
  });

  describe('refusals', () => {
    it("throws BCSGW.5020001 with IAM's message when IAM refuses the credentials", async () => {
      // Prepare
      const refusal = {
        error: { code: 401, message: 'The username or password is wrong.', title: 'Unauthorized' },
      };
      iam.enqueue(jsonReply(401, refusal, { 'X-Request-Id': 'iam-request-1' }));

      // Act
      const error = await rejection(signIn(options()));

      // Assess
      expect(error.errorCode).toBe('BCSGW.5020001');
      expect(error.statusCode).toBe(502);
      expect(error.message).toContain('401');
      expect(error.message).toBe(
        'Sign-in to IAM failed: 401 Unauthorized: The username or password is wrong.',
      );
      expect(error.cause).toEqual({ status: 401, requestId: 'iam-request-1' });
      expectNoPassword(error);
    });

    it.each([
      [
        'the flat shape',
        400,
        { error_code: 'IAM.0011', error_msg: 'Request body is invalid.' },
        'IAM.0011: Request body is invalid.',
      ],
      [
        'the nested shape',
        403,
        {
          error: {
            code: 403,
            message: 'The request you have made requires authentication.',
            title: 'Forbidden',
          },
        },
        'Forbidden: The request you have made requires authentication.',
      ],
      [
        'a not-found',
        404,
        { error: { code: 404, message: 'Could not find project.', title: 'Not Found' } },
        'Not Found: Could not find project.',
      ],
    ])(
      'throws 403 BCSGW.4030002 naming the project when IAM refuses it, in %s',
      async (_shape, status, body, said) => {
        // Prepare: found by test/functions/hostile-input.test.ts: a project the service account
        // cannot act in, named by the caller, was answered 502 (a failure of ours)
        iam.enqueue(jsonReply(status, body, { 'X-Request-Id': 'iam-request-1' }));

        // Act
        const error = await rejection(signIn(options()));

        // Assess
        expect(error.errorCode).toBe('BCSGW.4030002');
        expect(error.statusCode).toBe(403);
        expect(error.delivery).toBe('final');
        expect(error.message).toContain(PROJECT_ID);
        expect(error.message).toContain(String(status));
        expect(error.message).toBe(
          `IAM refused a token for project ${PROJECT_ID} (${status} ${said}): the service ` +
            'account cannot act in this project, or it does not exist',
        );
        expect(error.cause).toEqual({ status, requestId: 'iam-request-1' });
        expectNoPassword(error);
      },
    );

    it.each([
      [429, 'too many requests', true],
      [500, 'an internal error', true],
      [503, 'unavailable', true],
      [401, 'refused credentials', false],
      [409, 'a conflict', false],
    ])(
      'answers BCSGW.5020001 for IAM %i (%s), saying whether it may be sent again: %s',
      async (status, _meaning, transient) => {
        // Prepare: nothing is applied by a sign-in; a 429 or a 5xx may pass, a refusal will not
        iam.enqueue(jsonReply(status, { error_code: 'IAM.0001', error_msg: 'Not now.' }));

        // Act
        const error = await rejection(signIn(options()));

        // Assess
        expect(error.errorCode).toBe('BCSGW.5020001');
        expect(error).toMatchObject({ delivery: transient ? 'not-sent' : 'final' });
        expect(error.message).toBe(`Sign-in to IAM failed: ${status} IAM.0001: Not now.`);
        expect(iam.requests).toHaveLength(1);
      },
    );

    it('says IAM gave no readable reason for an HTML error page', async () => {
      // Prepare
      iam.enqueue({
        status: 503,
        headers: { 'Content-Type': 'text/html' },
        body: '<html>busy</html>',
      });

      // Act
      const error = await rejection(signIn(options()));

      // Assess
      expect(error.errorCode).toBe('BCSGW.5020001');
      expect(error.message).toContain('503');
      expect(error.message).toContain('(IAM gave no readable reason)');
    });

    it('never shows the password, even when IAM echoes the request back in its error', async () => {
      // Prepare
      iam.respondWith((request) =>
        jsonReply(400, { error_code: 'IAM.0011', error_msg: `Bad request body: ${request.body}` }),
      );

      // Act
      const error = await rejection(signIn(options()));

      // Assess
      expect(error.errorCode).toBe('BCSGW.4030002');
      expectNoPassword(error);
    });

    describe.each([
      ['as JavaScript writes JSON', JSON.stringify],
      ['as an ASCII-only encoder writes JSON', asciiJson],
    ])('when IAM echoes the request back %s', (_encoder, encode) => {
      it.each(ESCAPED_PASSWORDS)(
        'never shows a password with %s, raw or escaped',
        async (_kind, password) => {
          // Prepare: the message then holds our request as JSON text, the password escaped in it
          iam.respondWith((request) =>
            jsonReply(401, {
              error_code: 'IAM.0011',
              error_msg: `Bad request body: ${encode(JSON.parse(request.body))}`,
            }),
          );
          const withPassword = { ...credentials(), password };

          // Act
          const error = await rejection(signIn(options({ credentials: withPassword })));

          // Assess
          expect(error.message).toContain('"password":"***"');
          expect(error.message).not.toContain(password);
          expect(error.message).not.toContain(JSON.stringify(password).slice(1, -1));
          expect(error.message).not.toContain(asciiJson(password).slice(1, -1));
        },
      );
    });

    it.each(ESCAPED_PASSWORDS)(
      'never shows a password with %s when IAM quotes it in a message of its own',
      async (_kind, password) => {
        // Prepare
        iam.respondWith(() =>
          jsonReply(401, {
            error: {
              code: 401,
              message: `The password ${password} is wrong.`,
              title: 'Unauthorized',
            },
          }),
        );
        const withPassword = { ...credentials(), password };

        // Act
        const error = await rejection(signIn(options({ credentials: withPassword })));

        // Assess
        expect(error.message).toContain('The password *** is wrong.');
        expect(error.message).not.toContain(password);
      },
    );

    it('keeps no part of an echoed password at the cut of a long reason', async () => {
      // Prepare: the password straddles the 300th character of IAM's reason
      const filler = 'x'.repeat(300 - 'IAM.0011: '.length - 10);
      iam.enqueue(jsonReply(401, { error_code: 'IAM.0011', error_msg: `${filler}${PASSWORD}` }));

      // Act
      const error = await rejection(signIn(options()));

      // Assess
      expect(error.message).toContain(`${filler}***`);
      expect(error.message).not.toContain(PASSWORD.slice(0, 10));
    });

    it('never keeps a password IAM echoes in a 201 without a token, in the cause that is logged', async () => {
      // Prepare
      iam.respondWith((request) => ({ status: 201, body: `{"echo":${request.body}}` }));
      const withPassword = { ...credentials(), password: 'S3cret"Passw0rd' };

      // Act
      const error = await rejection(signIn(options({ credentials: withPassword })));

      // Assess
      expect(error.errorCode).toBe('BCSGW.5020001');
      expect(JSON.stringify(error.cause)).not.toContain('S3cret');
      expect((error.cause as { body?: string }).body).toContain('"password":"***"');
    });

    it('throws BCSGW.5020001 for a 201 without X-Subject-Token', async () => {
      // Prepare
      iam.enqueue(tokenReply(null));

      // Act
      const error = await rejection(signIn(options()));

      // Assess
      expect(error.errorCode).toBe('BCSGW.5020001');
      expect(error.message).toBe(
        'Sign-in to IAM failed: IAM answered 201 without a token or its expiry',
      );
      expect(error.cause).toMatchObject({ hasToken: false });
      expectNoPassword(error);
    });

    it('throws BCSGW.5020001 for a 201 whose body gives no expiry', async () => {
      // Prepare
      iam.enqueue({ status: 201, headers: { 'X-Subject-Token': TOKEN }, body: '{"token": {}}' });

      // Act
      const error = await rejection(signIn(options()));

      // Assess
      expect(error.errorCode).toBe('BCSGW.5020001');
      expect(error.message).not.toContain(TOKEN);
    });

    it('throws BCSGW.5020001 for a 201 whose token is already past its lifetime', async () => {
      // Prepare
      iam.enqueue(
        tokenReply(TOKEN, {
          issued_at: '2026-01-04T09:05:22.701000Z',
          expires_at: '2026-01-03T09:05:22.701000Z',
        }),
      );

      // Act
      const error = await rejection(signIn(options()));

      // Assess
      expect(error.errorCode).toBe('BCSGW.5020001');
    });
  });

  describe('IAM not answering', () => {
    it('throws BCSGW.5040002 when IAM hangs past the deadline, well before five seconds', async () => {
      // Prepare
      iam.enqueue({ action: 'hang' });
      const startedAt = performance.now();

      // Act
      const error = await rejection(signIn(options({ signal: AbortSignal.timeout(200) })));

      // Assess
      expect(error.errorCode).toBe('BCSGW.5040002');
      expect(error.message).toBe('IAM did not answer within the time allowed for a sign-in');
      expect(error.statusCode).toBe(504);
      expect(performance.now() - startedAt).toBeLessThan(5000);
      expectNoPassword(error);
    });

    it('throws BCSGW.5020001 when IAM refuses connections, after one retry', async () => {
      // Prepare
      const port = await closedPort();
      let attempts = 0;
      const countingFetch: typeof fetch = (input, init) => {
        attempts += 1;
        return fetch(input, init);
      };

      // Act
      const error = await rejection(
        signIn(options({ iamEndpoint: `http://127.0.0.1:${port}`, fetch: countingFetch })),
      );

      // Assess
      expect(error.errorCode).toBe('BCSGW.5020001');
      expect(error.message).toBe('IAM could not be reached (ECONNREFUSED)');
      expect(attempts).toBe(2);
      expectNoPassword(error);
    });

    it('signs in again, once, when IAM resets the connection: a sign-in is safe to repeat', async () => {
      // Prepare
      iam.enqueue({ action: 'reset' }, tokenReply());

      // Act
      const token = await signIn(options());

      // Assess
      expect(token.value).toBeTruthy();
      expect(iam.requests).toHaveLength(2);
    });

    it('throws BCSGW.5020001 when IAM resets the connection twice', async () => {
      // Prepare
      iam.enqueue({ action: 'reset' }, { action: 'reset' });

      // Act
      const error = await rejection(signIn(options()));

      // Assess
      expect(error.errorCode).toBe('BCSGW.5020001');
      expect(iam.requests).toHaveLength(2);
      expectNoPassword(error);
    });
  });

  describe('redirects', () => {
    it('never posts the password to the place a redirect points at', async () => {
      // Prepare
      const elsewhere = await startScriptedServer(() => tokenReply());
      iam.enqueue({ status: 307, headers: { Location: `${elsewhere.url}/v3/auth/tokens` } });

      // Act
      const outcome = await signIn(options())
        .then(
          (token) => ({ token }),
          (error: unknown) => ({ error }),
        )
        .finally(() => elsewhere.stop());

      // Assess
      expect(elsewhere.requests.map((request) => request.body).join('')).not.toContain(PASSWORD);
      expect(outcome).toHaveProperty('error');
    });
  });
});
