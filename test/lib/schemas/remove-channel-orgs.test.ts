import { describe, expect, it } from 'vitest';
import { removeChannelOrgs } from '../../../lib/operations/remove-channel-orgs.ts';
import { validate } from '../../../lib/schemas/validate.ts';
import {
  REMOVE_ORGS_PATH_FIELDS,
  removeOrgsInput,
  removeOrgsPath,
} from '../../helpers/operation-inputs.ts';
import { validationError } from '../../helpers/validation.ts';

const { schema } = removeChannelOrgs;

const PATH_REASON = "must not contain '/', '\\', '?', '#', '%', whitespace or '..'";

const orgNames = (count: number): string[] => Array.from({ length: count }, (_, i) => `org${i}`);

describe('Schema: remove organizations from a channel', () => {
  describe('valid input', () => {
    it('accepts three path parameters and org_names, and returns them equal', () => {
      // Prepare
      const input = removeOrgsInput();

      // Act
      const output = validate(schema, input);

      // Assess
      expect(output).toEqual(input);
    });

    it('accepts exactly one and exactly one hundred organizations', () => {
      // Prepare
      const one = removeOrgsInput({ body: { org_names: ['org1'] } });
      const hundred = removeOrgsInput({ body: { org_names: orgNames(100) } });

      // Act
      const outputs = [validate(schema, one), validate(schema, hundred)];

      // Assess
      expect(outputs[0]?.body.org_names).toEqual(['org1']);
      expect(outputs[1]?.body.org_names).toEqual(orgNames(100));
    });

    it('keeps the order of the organization names', () => {
      // Prepare
      const input = removeOrgsInput({ body: { org_names: ['zeta', 'alpha', 'mu'] } });

      // Act
      const output = validate(schema, input);

      // Assess
      expect(output.body.org_names).toEqual(['zeta', 'alpha', 'mu']);
    });

    it("accepts an X-Auth-Token of exactly 32,768 characters, Huawei's longest", () => {
      // Prepare
      const token = `MII${'A'.repeat(32_765)}`;
      const input = removeOrgsInput({ token });

      // Act
      const output = validate(schema, input);

      // Assess
      expect(output['X-Auth-Token']).toBe(token);
      expect(token).toHaveLength(32_768);
    });
  });

  describe('refused input', () => {
    it.each(REMOVE_ORGS_PATH_FIELDS)('reports a missing path.%s as required', (field) => {
      // Prepare
      const input = removeOrgsInput({ path: removeOrgsPath({ [field]: undefined }) });

      // Act
      const error = validationError(schema, input);

      // Assess
      expect(error.errorCode).toBe('BCSGW.4000001');
      expect(error.statusCode).toBe(400);
      expect(error.message).toBe(`Invalid request: path.${field}: is required`);
    });

    it('reports a missing org_names as required', () => {
      // Prepare
      const input = removeOrgsInput({ body: {} });

      // Act
      const error = validationError(schema, input);

      // Assess
      expect(error.message).toBe('Invalid request: body.org_names: is required');
    });

    it('reports an empty org_names', () => {
      // Prepare
      const input = removeOrgsInput({ body: { org_names: [] } });

      // Act
      const error = validationError(schema, input);

      // Assess
      expect(error.message).toBe(
        'Invalid request: body.org_names: must name at least one organization',
      );
    });

    it('reports more than one hundred organizations', () => {
      // Prepare
      const input = removeOrgsInput({ body: { org_names: orgNames(101) } });

      // Act
      const error = validationError(schema, input);

      // Assess
      expect(error.message).toBe(
        'Invalid request: body.org_names: must name at most 100 organizations',
      );
    });

    it('reports each repeated organization name by its index', () => {
      // Prepare
      const input = removeOrgsInput({ body: { org_names: ['a', 'b', 'a', 'c', 'b'] } });

      // Act
      const error = validationError(schema, input);

      // Assess
      expect(error.message).toBe(
        'Invalid request: body.org_names[2,4]: repeats an organization named earlier',
      );
    });

    it('reports names that are not strings, each by index', () => {
      // Prepare
      const input = removeOrgsInput({ body: { org_names: ['org1', 2, null, { name: 'x' }] } });

      // Act
      const error = validationError(schema, input);

      // Assess
      expect(error.message).toBe('Invalid request: body.org_names[1,2,3]: must be a string');
    });

    it('reports every bad name with its own reason at once', () => {
      // Prepare
      const input = removeOrgsInput({
        body: { org_names: ['ok', '', 'o'.repeat(129), 'a\nb', ' lead', 'ok'] },
      });

      // Act
      const error = validationError(schema, input);

      // Assess
      expect(error.message).toContain('body.org_names[1]: must not be empty');
      expect(error.message).toContain('body.org_names[2]: must be at most 128 characters');
      expect(error.message).toContain('body.org_names[3]: must not contain control characters');
      expect(error.message).toContain('body.org_names[4]: must not start or end with whitespace');
      expect(error.message).toContain('body.org_names[5]: repeats an organization named earlier');
    });

    it.each([
      ['a string', 'org1'],
      ['an object', { 0: 'org1' }],
      ['null', null],
    ])('reports an org_names that is %s as not an array', (_kind, value) => {
      // Prepare
      const input = removeOrgsInput({ body: { org_names: value } });

      // Act
      const error = validationError(schema, input);

      // Assess
      expect(error.message).toBe(
        'Invalid request: body.org_names: must be an array of organization names',
      );
    });

    it('reports an unknown body field next to a bad org_names', () => {
      // Prepare
      const input = removeOrgsInput({ body: { org_names: [], orgs: ['org1'] } });

      // Act
      const error = validationError(schema, input);

      // Assess
      expect(error.message).toContain('body.org_names: must name at least one organization');
      expect(error.message).toContain('body.orgs: is not a field of this operation');
    });

    it.each([
      ['an array', [{ org_names: ['org1'] }]],
      ['a string', '{"org_names":["org1"]}'],
      ['undefined', undefined],
    ])('reports a body that is %s', (_kind, body) => {
      // Prepare
      const input = removeOrgsInput({ body });

      // Act
      const error = validationError(schema, input);

      // Assess
      expect(error.message).toMatch(/^Invalid request: body: (must be a JSON object|is required)$/);
    });

    it.each([
      ['a slash', 'chan/nel'],
      ['a backslash', 'chan\\nel'],
      ['a question mark', 'channel?'],
      ['a hash', '#channel'],
      ['a percent sign', 'chan%6Eel'],
      ['a dot-dot', '..'],
      ['a single dot', '.'],
      ['an inner space', 'chan nel'],
    ])('reports a channel id holding %s', (_kind, channelId) => {
      // Prepare
      const input = removeOrgsInput({ path: removeOrgsPath({ channel_id: channelId }) });

      // Act
      const error = validationError(schema, input);

      // Assess
      expect(error.message).toBe(`Invalid request: path.channel_id: ${PATH_REASON}`);
    });

    it('reports all three bad path parameters at once', () => {
      // Prepare
      const input = removeOrgsInput({
        path: { project_id: '../x', blockchain_id: 'b?c', channel_id: 'c#d' },
      });

      // Act
      const error = validationError(schema, input);

      // Assess
      expect(error.message).toBe(
        `Invalid request: path.project_id, path.blockchain_id, path.channel_id: ${PATH_REASON}`,
      );
    });

    it('reports a path that is not an object', () => {
      // Prepare
      const input = removeOrgsInput({ path: '/v2/p/blockchains/b/c/orgs/quit' });

      // Act
      const error = validationError(schema, input);

      // Assess
      expect(error.message).toBe('Invalid request: path: must be a JSON object');
    });

    it.each([
      ['empty', '', 'must not be empty'],
      ['too long', 't'.repeat(32769), 'must be at most 32768 characters'],
      ['not a string', ['a', 'b'], 'must be a string'],
      ['holding a CR LF', 'tok\r\nX-Injected: 1', 'must be printable ASCII (an HTTP header value)'],
    ])('reports an X-Auth-Token that is %s', (_kind, token, reason) => {
      // Prepare
      const input = removeOrgsInput({ token });

      // Act
      const error = validationError(schema, input);

      // Assess
      expect(error.message).toBe(`Invalid request: X-Auth-Token: ${reason}`);
    });
  });
});
