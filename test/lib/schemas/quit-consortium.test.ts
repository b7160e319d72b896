import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../../lib/errors/gateway-error.ts';
import { errorBody } from '../../../lib/errors/normalize-error.ts';
import { quitConsortium } from '../../../lib/operations/quit-consortium.ts';
import { validate } from '../../../lib/schemas/validate.ts';
import { QUIT_BODY_FIELDS, quitBody, quitInput } from '../../helpers/operation-inputs.ts';
import { validationError } from '../../helpers/validation.ts';

const { schema } = quitConsortium;

const PATH_REASON = "must not contain '/', '\\', '?', '#', '%', whitespace or '..'";

describe('Schema: quit a consortium', () => {
  describe('valid input', () => {
    it('accepts the eight documented body fields and the project id, and returns them equal', () => {
      // Prepare
      const input = quitInput();

      // Act
      const output = validate(schema, input);

      // Assess
      expect(output).toEqual(input);
    });

    it('accepts a caller X-Auth-Token and keeps it untouched', () => {
      // Prepare
      const token = `MIIZkgYJKoZIhvcNAQcCoIIZgzCCGX8CAQExDTALBglghkgBZQMEAgEw${'A'.repeat(4000)}=`;
      const input = quitInput({ token });

      // Act
      const output = validate(schema, input);

      // Assess
      expect(output['X-Auth-Token']).toBe(token);
    });

    it('accepts an absent X-Auth-Token (the service signs in instead)', () => {
      // Prepare
      const input = quitInput({ token: undefined });

      // Act
      const output = validate(schema, input);

      // Assess
      expect(output['X-Auth-Token']).toBeUndefined();
    });

    it('accepts fields of exactly 128 characters, non-ASCII text and inner spaces', () => {
      // Prepare
      const input = quitInput({
        body: quitBody({
          inviter_username: 'u'.repeat(128),
          channel_name: '通道 一',
          invitee_bcsid: 'ünïcødé-😀',
        }),
      });

      // Act
      const output = validate(schema, input);

      // Assess
      expect(output.body).toEqual(input.body);
    });

    it('accepts a project id with dots, tildes and underscores that are not a dot segment', () => {
      // Prepare
      const input = quitInput({ path: { project_id: 'a.b_c~d-e' } });

      // Act
      const output = validate(schema, input);

      // Assess
      expect(output.path).toEqual({ project_id: 'a.b_c~d-e' });
    });

    it("accepts an X-Auth-Token of exactly 32,768 characters, Huawei's longest", () => {
      // Prepare
      const token = `MII${'A'.repeat(32_765)}`;
      const input = quitInput({ token });

      // Act
      const output = validate(schema, input);

      // Assess
      expect(output['X-Auth-Token']).toBe(token);
      expect(token).toHaveLength(32_768);
    });
  });

  describe('refused input', () => {
    it('throws a GatewayError BCSGW.4000001 with status 400', () => {
      // Prepare
      const input = quitInput({ body: quitBody({ channel_name: '' }) });

      // Act
      const error = validationError(schema, input);

      // Assess
      expect(error).toBeInstanceOf(GatewayError);
      expect(error.errorCode).toBe('BCSGW.4000001');
      expect(error.statusCode).toBe(400);
      expect(error.message).toMatch(/^Invalid request: /);
    });

    it.each(QUIT_BODY_FIELDS)('reports a missing %s as required', (field) => {
      // Prepare
      const input = quitInput({ body: quitBody({ [field]: undefined }) });

      // Act
      const error = validationError(schema, input);

      // Assess
      expect(error.message).toBe(`Invalid request: body.${field}: is required`);
    });

    it('reports every missing field at once', () => {
      // Prepare
      const input = quitInput({ path: {}, body: {} });

      // Act
      const error = validationError(schema, input);

      // Assess
      expect(error.message).toContain(': is required');
      for (const field of ['path.project_id', ...QUIT_BODY_FIELDS.map((f) => `body.${f}`)]) {
        expect(error.message).toContain(field);
      }
    });

    it('reports a missing path and a missing body by name', () => {
      // Prepare
      const input = {};

      // Act
      const error = validationError(schema, input);

      // Assess
      expect(error.message).toContain('path');
      expect(error.message).toContain('body');
    });

    it.each([
      ['a number', 42],
      ['a boolean', true],
      ['null', null],
      ['an array', ['channel']],
      ['an object', { name: 'channel' }],
    ])('reports a field that is %s as not a string', (_kind, value) => {
      // Prepare
      const input = quitInput({ body: quitBody({ channel_name: value }) });

      // Act
      const error = validationError(schema, input);

      // Assess
      expect(error.message).toBe('Invalid request: body.channel_name: must be a string');
    });

    it.each([
      ['empty', '', 'must not be empty'],
      ['129 characters long', 'c'.repeat(129), 'must be at most 128 characters'],
      ['holding a NUL', 'chan\u0000nel', 'must not contain control characters'],
      ['holding a newline', 'chan\nnel', 'must not contain control characters'],
      ['holding DEL', 'chan\u007fnel', 'must not contain control characters'],
      ['holding a C1 control', 'chan\u0085nel', 'must not contain control characters'],
      ['holding a line separator', 'chan\u2028nel', 'must not contain control characters'],
      ['starting with a space', ' channel', 'must not start or end with whitespace'],
      ['ending with a no-break space', 'channel\u00a0', 'must not start or end with whitespace'],
      [
        'ending with an ideographic space',
        'channel\u3000',
        'must not start or end with whitespace',
      ],
    ])('reports a body field %s', (_kind, value, reason) => {
      // Prepare
      const input = quitInput({ body: quitBody({ inviter_username: value }) });

      // Act
      const error = validationError(schema, input);

      // Assess
      expect(error.message).toBe(`Invalid request: body.inviter_username: ${reason}`);
    });

    it('reports an unknown body field by name as not a field of this operation', () => {
      // Prepare
      const input = quitInput({ body: quitBody({ org_names: ['org1'] }) });

      // Act
      const error = validationError(schema, input);

      // Assess
      expect(error.message).toBe(
        'Invalid request: body.org_names: is not a field of this operation',
      );
    });

    it('reports an unknown path field by name as not a field of this operation', () => {
      // Prepare
      const input = quitInput({ path: { project_id: 'p1', blockchain_id: 'b1' } });

      // Act
      const error = validationError(schema, input);

      // Assess
      expect(error.message).toBe(
        'Invalid request: path.blockchain_id: is not a field of this operation',
      );
    });

    it.each([
      ['an array', [quitBody()]],
      ['a string', JSON.stringify(quitBody())],
      ['a number', 8],
      ['null', null],
    ])('reports a body that is %s as not a JSON object', (_kind, body) => {
      // Prepare
      const input = quitInput({ body });

      // Act
      const error = validationError(schema, input);

      // Assess
      expect(error.message).toBe('Invalid request: body: must be a JSON object');
    });

    it.each([
      ['a slash', 'p/1'],
      ['a backslash', 'p\\1'],
      ['a question mark', 'p?x=1'],
      ['a hash', 'p#1'],
      ['a percent sign', 'p%2F1'],
      ['a dot-dot', '..'],
      ['a dot-dot inside', 'p..1'],
      ['a single dot', '.'],
      ['an inner space', 'p 1'],
      ['an inner no-break space', 'p\u00a01'],
    ])('reports a project id holding %s', (_kind, projectId) => {
      // Prepare
      const input = quitInput({ path: { project_id: projectId } });

      // Act
      const error = validationError(schema, input);

      // Assess
      expect(error.message).toBe(`Invalid request: path.project_id: ${PATH_REASON}`);
    });

    it('reports every violation at once, each field with its reason', () => {
      // Prepare
      const input = quitInput({
        path: { project_id: 'p/1' },
        body: quitBody({
          inviter_bcsid: undefined,
          inviter_projectid: 7,
          inviter_domainid: '',
          inviter_username: 'u'.repeat(129),
          channel_name: 'a\u0000b',
          invitee_bcsid: ' x',
          surplus: true,
        }),
        token: '',
      });

      // Act
      const error = validationError(schema, input);

      // Assess
      expect(error.message).toContain(`path.project_id: ${PATH_REASON}`);
      expect(error.message).toContain('body.inviter_bcsid: is required');
      expect(error.message).toContain('body.inviter_projectid: must be a string');
      expect(error.message).toMatch(/body\.inviter_domainid(, X-Auth-Token)?: must not be empty/);
      expect(error.message).toContain('body.inviter_username: must be at most 128 characters');
      expect(error.message).toContain('body.channel_name: must not contain control characters');
      expect(error.message).toContain('body.invitee_bcsid: must not start or end with whitespace');
      expect(error.message).toContain('body.surplus: is not a field of this operation');
      expect(error.message).toContain('X-Auth-Token');
      expect(errorBody(error).error_msg).toBe(error.message);
    });
  });
});
