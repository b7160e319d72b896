import { describe, expect, it } from 'vitest';
import { errorBody } from '../../../lib/errors/normalize-error.ts';
import { quitConsortium } from '../../../lib/operations/quit-consortium.ts';
import { removeChannelOrgs } from '../../../lib/operations/remove-channel-orgs.ts';
import { exactObject, unknown } from '../../../lib/schemas/schema.ts';
import { describeProblems, fieldName, validate } from '../../../lib/schemas/validate.ts';
import {
  QUIT_BODY_FIELDS,
  quitBody,
  quitInput,
  removeOrgsInput,
  removeOrgsPath,
  withOwnKey,
} from '../../helpers/operation-inputs.ts';
import { validationError } from '../../helpers/validation.ts';

const ALL_QUIT_FIELDS = ['path.project_id', ...QUIT_BODY_FIELDS.map((field) => `body.${field}`)];

describe('validate()', () => {
  describe('the error it throws', () => {
    it('keeps its message within 512 characters once answered, however many fields are bad', () => {
      // Prepare
      const body = Object.fromEntries(
        Array.from({ length: 60 }, (_, i) => [`unknown_field_${i}_${'x'.repeat(30)}`, i]),
      );
      const input = quitInput({ body });

      // Act
      const error = validationError(quitConsortium.schema, input);

      // Assess
      const answered = errorBody(error);
      expect(answered.error_code).toBe('BCSGW.4000001');
      expect(answered.error_msg.length).toBeGreaterThanOrEqual(2);
      expect(answered.error_msg.length).toBeLessThanOrEqual(512);
    });

    it('names as many unknown fields as fit in its 512 characters, and counts the rest', () => {
      // Prepare: 60 unknown fields; the first ten, named, make a message of exactly 512
      const keys = Array.from(
        { length: 60 },
        (_, i) => `unknown_field_${100 + i}_${'x'.repeat(i === 9 ? 13 : 21)}`,
      );
      const input = quitInput({
        body: { ...quitBody(), ...Object.fromEntries(keys.map((k) => [k, 1])) },
      });

      // Act
      const error = validationError(quitConsortium.schema, input);

      // Assess
      const named = keys.slice(0, 10).map((key) => `body.${key}`);
      expect(error.message).toBe(
        `Invalid request: ${named.join(', ')} (+50 more): is not a field of this operation`,
      );
      expect(error.message).toHaveLength(512);
    });

    it("counts its own 'Invalid request: ' in the 512 characters", () => {
      // Prepare: ten of these fields would fit in 512 characters, but not after the prefix
      const keys = Array.from(
        { length: 60 },
        (_, i) => `unknown_field_${100 + i}_${'x'.repeat(21)}`,
      );
      const input = quitInput({
        body: { ...quitBody(), ...Object.fromEntries(keys.map((k) => [k, 1])) },
      });

      // Act
      const error = validationError(quitConsortium.schema, input);

      // Assess
      expect(error.message).toMatch(/ \(\+51 more\): is not a field of this operation$/);
      expect(error.message.length).toBeLessThanOrEqual(512);
    });

    it('groups the indexes of one array past the ninth', () => {
      // Prepare
      const orgNames = Array.from({ length: 12 }, (_, i) => (i === 0 || i === 10 ? '' : `org${i}`));
      const input = removeOrgsInput({ body: { org_names: orgNames } });

      // Act
      const error = validationError(removeChannelOrgs.schema, input);

      // Assess
      expect(error.message).toBe('Invalid request: body.org_names[0,10]: must not be empty');
    });

    it('names an unknown field of exactly 40 characters whole', () => {
      // Prepare
      const key = 'k'.repeat(40);
      const input = quitInput({ body: quitBody({ [key]: 1 }) });

      // Act
      const error = validationError(quitConsortium.schema, input);

      // Assess
      expect(error.message).toBe(`Invalid request: body.${key}: is not a field of this operation`);
    });

    it('groups the indexes of one array that break the same rule', () => {
      // Prepare
      const input = removeOrgsInput({
        body: {
          org_names: ['a'.repeat(129), 'ok', 'b'.repeat(129), 'fine', 'c'.repeat(129)],
        },
      });

      // Act
      const error = validationError(removeChannelOrgs.schema, input);

      // Assess
      expect(error.message).toBe(
        'Invalid request: body.org_names[0,2,4]: must be at most 128 characters',
      );
    });

    it('names an unknown field printably and shortly, whatever the caller sent as its name', () => {
      // Prepare
      const input = quitInput({ body: quitBody({ [`ké\u0000y${'z'.repeat(100)}`]: 1 }) });

      // Act
      const error = validationError(quitConsortium.schema, input);

      // Assess
      expect(error.message).toMatch(/body\.k\?\?yz+…: is not a field of this operation$/);
      expect(error.message).not.toContain('\u0000');
      expect(error.message).not.toContain('z'.repeat(50));
    });

    it('carries no cause: its message already says everything, to the caller and the log', () => {
      // Prepare
      const input = quitInput({ body: quitBody({ channel_name: '' }) });

      // Act
      const error = validationError(quitConsortium.schema, input);

      // Assess
      expect(error.message).toBe('Invalid request: body.channel_name: must not be empty');
      expect(error.cause).toBeUndefined();
    });

    it('names the request itself when the input is not an object', () => {
      // Prepare
      const input = null;

      // Act
      const error = validationError(quitConsortium.schema, input);

      // Assess
      expect(error.statusCode).toBe(400);
      expect(error.message).toMatch(/^Invalid request: request: /);
    });

    it('names every broken field even when each field breaks several rules at once', () => {
      // Prepare
      const everythingWrong = ` ${'x'.repeat(129)}\u0001 `;
      const body = quitBody(
        Object.fromEntries(QUIT_BODY_FIELDS.map((field) => [field, everythingWrong])),
      );
      body.invitee_domainid = 5;
      const input = quitInput({ path: { project_id: `${everythingWrong}/` }, body });

      // Act
      const error = validationError(quitConsortium.schema, input);

      // Assess
      const { error_msg } = errorBody(error);
      for (const field of ALL_QUIT_FIELDS) expect(error_msg).toContain(field);
    });
    it('names every broken field and why when each breaks a different rule, and an unknown field too', () => {
      // Prepare
      const input = quitInput({
        path: { project_id: 'p 1' },
        body: quitBody({
          inviter_bcsid: undefined,
          inviter_projectid: 7,
          inviter_domainid: '',
          inviter_username: 'u'.repeat(129),
          channel_name: 'a\u0000b',
          invitee_bcsid: ' x',
          invitee_projectid: 'y'.repeat(200),
          invitee_domainid: '',
          surplus_field: true,
        }),
        token: 't'.repeat(32769),
      });

      // Act
      const error = validationError(quitConsortium.schema, input);

      // Assess
      const { error_msg } = errorBody(error);
      for (const field of [...ALL_QUIT_FIELDS, 'body.surplus_field']) {
        expect(error_msg).toContain(field);
      }
      expect(error_msg).toContain('X-Auth-Token: must be at most 32768 characters');
    });
  });

  describe('keys that could pollute prototypes', () => {
    it.each(['__proto__', 'constructor', 'prototype'])(
      'reports a body key %s as not a field of this operation',
      (key) => {
        // Prepare
        const body = withOwnKey(quitBody(), key, { polluted: true });
        const input = quitInput({ body });

        // Act
        const error = validationError(quitConsortium.schema, input);

        // Assess
        expect(error.message).toContain(`body.${key}: is not a field of this operation`);
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      },
    );

    it.each(['__proto__', 'constructor', 'prototype'])(
      'reports a path key %s as not a field of this operation',
      (key) => {
        // Prepare
        const path = withOwnKey(removeOrgsPath(), key, { polluted: true });
        const input = removeOrgsInput({ path });

        // Act
        const error = validationError(removeChannelOrgs.schema, input);

        // Assess
        expect(error.message).toContain(`path.${key}: is not a field of this operation`);
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      },
    );

    it('names such keys after the other unknown fields, each once', () => {
      // Prepare
      const input = removeOrgsInput({
        path: JSON.parse(
          '{"constructor":1,"project_id":"p1","blockchain_id":"b1","channel_id":"c1","zone":2}',
        ) as unknown,
        body: JSON.parse(
          '{"__proto__":{"isAdmin":true},"org_names":["a"],"orgs":["b"]}',
        ) as unknown,
      });

      // Act
      const error = validationError(removeChannelOrgs.schema, input);

      // Assess
      expect(error.message).toBe(
        'Invalid request: path.zone, body.orgs, body.__proto__, path.constructor: ' +
          'is not a field of this operation',
      );
    });

    it('finds such keys inside a value the schema takes as it is, in objects and arrays', () => {
      // Prepare: a schema that accepts anything under `extra` (none of ours does, yet)
      const schema = exactObject({ extra: unknown() });
      const extra = JSON.parse('{"list":[{"__proto__":{"isAdmin":true}}]}') as unknown;

      // Act
      const error = validationError(schema, { extra });

      // Assess
      expect(error.message).toBe(
        'Invalid request: extra.list[0].__proto__: is not a field of this operation',
      );
    });

    it('looks for such keys eight objects deep, and no deeper', () => {
      // Prepare: deeper than any valid request, where the schema refuses the input anyway
      const schema = exactObject({ extra: unknown() });
      const nest = (depth: number): string =>
        depth === 0 ? '{"__proto__":1}' : `{"a":${nest(depth - 1)}}`;
      const reached = JSON.parse(`{"extra":${nest(7)}}`) as unknown;
      const beyond = JSON.parse(`{"extra":${nest(8)}}`) as unknown;

      // Act
      const error = validationError(schema, reached);
      const output = validate(schema, beyond);

      // Assess
      expect(error.message).toBe(
        `Invalid request: extra${'.a'.repeat(7)}.__proto__: is not a field of this operation`,
      );
      expect(output).toEqual(beyond);
    });

    it('reports a __proto__ key that JSON.parse created, next to other violations', () => {
      // Prepare
      const body = JSON.parse('{"__proto__": {"isAdmin": true}, "org_names": []}') as unknown;
      const input = removeOrgsInput({ body });

      // Act
      const error = validationError(removeChannelOrgs.schema, input);

      // Assess
      expect(error.message).toContain('body.org_names: must name at least one organization');
      expect(error.message).toContain('body.__proto__: is not a field of this operation');
      expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
    });
  });

  describe('values that pass every listed rule but could not be sent', () => {
    it('refuses a path parameter that is not well-formed Unicode (a lone surrogate)', () => {
      // Prepare
      const input = removeOrgsInput({ path: removeOrgsPath({ channel_id: 'chan\ud800nel' }) });

      // Act
      const error = validationError(removeChannelOrgs.schema, input);

      // Assess
      expect(error.message).toBe(
        'Invalid request: path.channel_id: must be well-formed Unicode (no lone surrogate)',
      );
    });

    it.each([
      ['a character outside Latin-1', 'MIItoken€'],
      ['a leading space', ' MIItoken'],
      ['a trailing space', 'MIItoken '],
    ])(
      'refuses an X-Auth-Token holding %s, which no HTTP header carries untouched',
      (_k, token) => {
        // Prepare
        const input = quitInput({ token });

        // Act
        const error = validationError(quitConsortium.schema, input);

        // Assess
        expect(error.message).toContain('X-Auth-Token');
      },
    );
  });

  describe('describeProblems()', () => {
    it('names each field with the namer it is given, from its path and the indexes of its items', () => {
      // Prepare
      const issues = [
        { path: ['body', 'org_names', 0], message: 'must not be empty' },
        { path: ['path', 'project_id'], message: 'must not be empty' },
        { path: ['body', 'org_names', 3], message: 'must not be empty' },
        { path: ['body', 'org_names', 3], message: 'must be at most 128 characters' },
      ];
      const calls: unknown[] = [];

      // Act
      const line = describeProblems(issues, Infinity, (path, items) => {
        calls.push([path, items]);
        return `<${path.join('/')}|${items.join('+')}>`;
      });

      // Assess
      expect(line).toBe('<body/org_names|0+3>, <path/project_id|>: must not be empty');
      expect(calls).toEqual([
        [
          ['body', 'org_names'],
          [0, 3],
        ],
        [['path', 'project_id'], []],
      ]);
    });

    it("names fields as API callers read them by default, and the input itself 'request'", () => {
      // Prepare
      const issues = [
        { path: [], message: 'must be a JSON object' },
        { path: ['body', 'org_names', 2], message: 'is repeated' },
      ];

      // Act
      const line = describeProblems(issues);

      // Assess
      expect(line).toBe('request: must be a JSON object; body.org_names[2]: is repeated');
      expect(fieldName(['body', 'org_names'], [0, 3])).toBe('body.org_names[0,3]');
    });
  });
});
