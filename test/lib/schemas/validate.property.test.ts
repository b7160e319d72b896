import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../../lib/errors/gateway-error.ts';
import { errorBody } from '../../../lib/errors/normalize-error.ts';
import { quitConsortium } from '../../../lib/operations/quit-consortium.ts';
import { removeChannelOrgs } from '../../../lib/operations/remove-channel-orgs.ts';
import { validate } from '../../../lib/schemas/validate.ts';
import {
  type Breakage,
  brokenOrgNames,
  brokenSegment,
  brokenText,
  brokenToken,
  isValidSegment,
  isValidText,
  isValidToken,
  QUIT_BODY_FIELDS,
  REMOVE_ORGS_PATH_FIELDS,
  validOrgNames,
  validQuitBody,
  validSegment,
  validText,
  validToken,
} from '../../helpers/operation-inputs.ts';

const FORBIDDEN_KEYS = ['__proto__', 'constructor', 'prototype'] as const;

// ---------------------------------------------------------------------------------------------
// An independent statement of the documented rules, to compare validate() with.

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const hasExactly = (value: Record<string, unknown>, fields: readonly string[]): boolean =>
  Object.keys(value).every((key) => fields.includes(key)) &&
  fields.every((field) => Object.hasOwn(value, field));

const obeysTokenRule = (input: Record<string, unknown>): boolean =>
  input['X-Auth-Token'] === undefined || isValidToken(input['X-Auth-Token']);

const obeysQuitRules = (input: unknown): boolean => {
  if (!isPlainObject(input)) return false;
  const { path, body } = input;
  return (
    isPlainObject(path) &&
    hasExactly(path, ['project_id']) &&
    isValidSegment(path.project_id) &&
    isPlainObject(body) &&
    hasExactly(body, QUIT_BODY_FIELDS) &&
    QUIT_BODY_FIELDS.every((field) => isValidText(body[field])) &&
    obeysTokenRule(input)
  );
};

const obeysRemoveOrgsRules = (input: unknown): boolean => {
  if (!isPlainObject(input)) return false;
  const { path, body } = input;
  if (!isPlainObject(body) || !hasExactly(body, ['org_names'])) return false;
  const names = body.org_names;
  return (
    isPlainObject(path) &&
    hasExactly(path, REMOVE_ORGS_PATH_FIELDS) &&
    REMOVE_ORGS_PATH_FIELDS.every((field) => isValidSegment(path[field])) &&
    Array.isArray(names) &&
    names.length >= 1 &&
    names.length <= 100 &&
    names.every(isValidText) &&
    new Set(names).size === names.length &&
    obeysTokenRule(input)
  );
};

const hasForbiddenKey = (value: unknown): boolean =>
  isPlainObject(value) && FORBIDDEN_KEYS.some((key) => Object.hasOwn(value, key));

/** `field: reason` pairs of a message `Invalid request: a, b: reason; c[0,2]: reason2`. */
const reasonsByField = (message: string): Map<string, string[]> => {
  const reasons = new Map<string, string[]>();
  for (const group of message.replace(/^Invalid request: /, '').split('; ')) {
    const at = group.indexOf(': ');
    const reason = group.slice(at + 2);
    for (const field of group.slice(0, at).split(', ')) {
      const name = field.replace(/\[[\d,]+\]$/, '');
      reasons.set(name, [...(reasons.get(name) ?? []), reason]);
    }
  }
  return reasons;
};

// ---------------------------------------------------------------------------------------------
// Arbitraries.

const token = fc.option(validToken(), { nil: undefined });

const quitPath = fc.record({ project_id: validSegment() });
const removeOrgsPath = fc.record({
  project_id: validSegment(),
  blockchain_id: validSegment(),
  channel_id: validSegment(),
});

/** JSON and non-JSON values, and objects that look almost right. */
const strange = (keys: readonly string[]): fc.Arbitrary<unknown> =>
  fc.oneof(
    fc.jsonValue(),
    fc.anything(),
    fc.dictionary(
      fc.oneof(fc.constantFrom(...keys), fc.string({ maxLength: 6 })),
      fc.oneof(validText(), fc.jsonValue(), fc.array(validText(), { maxLength: 3 })),
      { maxKeys: keys.length + 2 },
    ),
    fc.record(Object.fromEntries(keys.map((key) => [key, fc.oneof(validText(), fc.jsonValue())])), {
      requiredKeys: [],
    }),
  );

const withToken = (input: Record<string, unknown>, value: unknown): Record<string, unknown> =>
  value === undefined ? input : { ...input, 'X-Auth-Token': value };

describe('validate() properties', () => {
  it('accepts every quit-consortium input built from valid fields and returns it equal', () => {
    fc.assert(
      fc.property(quitPath, validQuitBody(), token, (path, body, authToken) => {
        // Prepare
        const input = withToken({ path, body }, authToken);

        // Act
        const output = validate(quitConsortium.schema, input);

        // Assess
        expect(output).toEqual(input);
      }),
    );
  });

  it('accepts every remove-channel-orgs input built from valid fields and returns it equal', () => {
    fc.assert(
      fc.property(removeOrgsPath, validOrgNames(), token, (path, orgNames, authToken) => {
        // Prepare
        const input = withToken({ path, body: { org_names: orgNames } }, authToken);

        // Act
        const output = validate(removeChannelOrgs.schema, input);

        // Assess
        expect(output).toEqual(input);
      }),
    );
  });

  const operations = [
    {
      name: 'quit-consortium',
      schema: quitConsortium.schema,
      obeysRules: obeysQuitRules,
      validPath: quitPath as fc.Arbitrary<unknown>,
      validBody: validQuitBody() as fc.Arbitrary<unknown>,
      pathKeys: ['project_id'],
      bodyKeys: QUIT_BODY_FIELDS,
    },
    {
      name: 'remove-channel-orgs',
      schema: removeChannelOrgs.schema,
      obeysRules: obeysRemoveOrgsRules,
      validPath: removeOrgsPath as fc.Arbitrary<unknown>,
      validBody: validOrgNames().map((org_names) => ({ org_names })) as fc.Arbitrary<unknown>,
      pathKeys: REMOVE_ORGS_PATH_FIELDS,
      bodyKeys: ['org_names'],
    },
  ] as const;

  it.each(operations)(
    '$name: for any value as body or path, returns a value obeying every rule or throws a 400',
    ({ schema, obeysRules, validPath, validBody, pathKeys, bodyKeys }) => {
      const input = fc.oneof(
        fc.record({ path: validPath, body: strange(bodyKeys) }),
        fc.record({ path: strange(pathKeys), body: validBody }),
        fc.record({ path: strange(pathKeys), body: strange(bodyKeys) }),
      );
      fc.assert(
        fc.property(input, fc.option(fc.jsonValue(), { nil: undefined }), (parts, authToken) => {
          // Prepare
          const raw = withToken(parts, authToken);

          // Act
          let outcome: { output: unknown } | { error: unknown };
          try {
            outcome = { output: validate(schema, raw) };
          } catch (error) {
            outcome = { error };
          }

          // Assess
          if ('output' in outcome) {
            expect(obeysRules(outcome.output)).toBe(true);
          } else {
            expect(outcome.error).toBeInstanceOf(GatewayError);
            expect(outcome.error).toMatchObject({ statusCode: 400, errorCode: 'BCSGW.4000001' });
          }
        }),
      );
    },
  );

  it.each(operations)(
    '$name: accepts an input exactly when it obeys every documented rule',
    ({ schema, obeysRules, validPath, validBody, pathKeys, bodyKeys }) => {
      const input = fc.record({
        path: fc.oneof(validPath, strange(pathKeys)),
        body: fc.oneof(validBody, strange(bodyKeys)),
        'X-Auth-Token': fc.option(fc.oneof(validToken(), fc.jsonValue()), { nil: undefined }),
      });
      fc.assert(
        fc.property(
          input.filter((raw) => !hasForbiddenKey(raw.path) && !hasForbiddenKey(raw.body)),
          (raw) => {
            // Prepare
            const expected = obeysRules(raw);

            // Act
            let accepted = true;
            try {
              validate(schema, raw);
            } catch {
              accepted = false;
            }

            // Assess
            expect(accepted).toBe(expected);
          },
        ),
      );
    },
  );

  it('quit-consortium: names every broken field with its reason, and an unknown field, in the answered message', () => {
    const fields = [
      ...QUIT_BODY_FIELDS.map((field) => ({ name: `body.${field}`, breakage: brokenText() })),
      { name: 'path.project_id', breakage: brokenSegment() },
      { name: 'X-Auth-Token', breakage: brokenToken() },
    ];
    const broken = fc
      .subarray(fields, { minLength: 1 })
      .chain((chosen) =>
        fc.tuple(...chosen.map(({ name, breakage }) => breakage.map((b) => [name, b] as const))),
      );
    const unknownField = fc.option(
      fc
        .stringMatching(/^[a-z]{1,12}$/)
        .filter((key) => ![...QUIT_BODY_FIELDS, ...FORBIDDEN_KEYS].includes(key as never)),
      { nil: undefined },
    );
    fc.assert(
      fc.property(quitPath, validQuitBody(), broken, unknownField, (path, body, breaks, extra) => {
        // Prepare
        const input: Record<string, Record<string, unknown>> = {
          path: { ...path },
          body: { ...body },
          top: {},
        };
        for (const [name, breakage] of breaks) applyBreakage(input, name, breakage);
        if (extra !== undefined) input.body = { ...input.body, [extra]: 'surplus' };
        const raw = { path: input.path, body: input.body, ...input.top };

        // Act
        let thrown: unknown;
        try {
          validate(quitConsortium.schema, raw);
        } catch (error) {
          thrown = error;
        }

        // Assess
        expect(thrown).toBeInstanceOf(GatewayError);
        const message = errorBody(thrown as GatewayError).error_msg;
        const reasons = reasonsByField(message);
        for (const [name, breakage] of breaks) {
          expect(reasons.get(name), `${name} in ${message}`).toContain(breakage.reason);
        }
        if (extra !== undefined) expect(message).toContain(`body.${extra}`);
        const brokenNames = breaks.map(([name]) => name);
        for (const { name } of fields) {
          if (!brokenNames.includes(name)) expect(message).not.toContain(name);
        }
      }),
    );
  });

  it('remove-channel-orgs: names every broken path parameter and org name', () => {
    const fields = [
      ...REMOVE_ORGS_PATH_FIELDS.map((field) => ({
        name: `path.${field}`,
        breakage: brokenSegment(),
      })),
      { name: 'body.org_names', breakage: brokenOrgNames() },
      { name: 'X-Auth-Token', breakage: brokenToken() },
    ];
    const broken = fc
      .subarray(fields, { minLength: 1 })
      .chain((chosen) =>
        fc.tuple(...chosen.map(({ name, breakage }) => breakage.map((b) => [name, b] as const))),
      );
    fc.assert(
      fc.property(removeOrgsPath, broken, (path, breaks) => {
        // Prepare
        const input: Record<string, Record<string, unknown>> = {
          path: { ...path },
          body: { org_names: ['org1'] },
          top: {},
        };
        for (const [name, breakage] of breaks) applyBreakage(input, name, breakage);
        const raw = { path: input.path, body: input.body, ...input.top };

        // Act
        let thrown: unknown;
        try {
          validate(removeChannelOrgs.schema, raw);
        } catch (error) {
          thrown = error;
        }

        // Assess
        expect(thrown).toBeInstanceOf(GatewayError);
        const reasons = reasonsByField(errorBody(thrown as GatewayError).error_msg);
        for (const [name, breakage] of breaks) {
          expect(reasons.get(name)).toContain(breakage.reason);
        }
      }),
    );
  });

  it('never lets __proto__, constructor or prototype keys pollute Object.prototype, and reports them', () => {
    const placement = fc.record({
      operation: fc.constantFrom('quit-consortium', 'remove-channel-orgs'),
      where: fc.constantFrom('path', 'body'),
      key: fc.constantFrom(...FORBIDDEN_KEYS),
      value: fc.oneof(
        fc.jsonValue(),
        fc.constant({ polluted: 'yes' }),
        fc.constant({ toString: 'polluted' }),
      ),
    });
    fc.assert(
      fc.property(
        placement,
        quitPath,
        validQuitBody(),
        removeOrgsPath,
        (p, qPath, qBody, rPath) => {
          // Prepare
          const valid =
            p.operation === 'quit-consortium'
              ? { path: qPath, body: qBody as unknown }
              : { path: rPath, body: { org_names: ['org1'] } as unknown };
          const target = JSON.stringify(valid[p.where]);
          const polluted = JSON.parse(
            `{${JSON.stringify(p.key)}:${JSON.stringify(p.value)},${target.slice(1)}`,
          ) as unknown;
          const raw = { ...valid, [p.where]: polluted };
          const schema =
            p.operation === 'quit-consortium' ? quitConsortium.schema : removeChannelOrgs.schema;
          const prototypeKeys = Object.getOwnPropertyNames(Object.prototype);

          // Act
          let thrown: unknown;
          try {
            validate(schema, raw);
          } catch (error) {
            thrown = error;
          }

          // Assess
          expect(Object.getOwnPropertyNames(Object.prototype)).toEqual(prototypeKeys);
          expect(({} as Record<string, unknown>).polluted).toBeUndefined();
          expect(typeof {}.toString).toBe('function');
          expect(thrown).toBeInstanceOf(GatewayError);
          expect((thrown as GatewayError).message).toContain(
            `${p.where}.${p.key}: is not a field of this operation`,
          );
        },
      ),
    );
  });
});

/** Breaks one field of `input` (`body.x`, `path.x` or the top-level `X-Auth-Token`). */
const applyBreakage = (
  input: Record<string, Record<string, unknown>>,
  name: string,
  breakage: Breakage,
): void => {
  const [part, field] = name.includes('.') ? (name.split('.') as [string, string]) : ['top', name];
  const target = input[part] ?? {};
  if ('missing' in breakage) delete target[field];
  else target[field] = breakage.value;
  input[part] = target;
};
