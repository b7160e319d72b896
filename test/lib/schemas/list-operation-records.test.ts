import { describe, expect, it } from 'vitest';
import { listOperationRecordsRequest } from '../../../lib/bcs/requests.ts';
import { listOperationRecords } from '../../../lib/operations/list-operation-records.ts';
import { operationRecordQuery } from '../../../lib/schemas/list-operation-records.ts';
import { safeParse } from '../../../lib/schemas/schema.ts';
import { validate } from '../../../lib/schemas/validate.ts';
import { BAD_QUERIES, GOOD_QUERIES } from '../../helpers/operation-record-queries.ts';
import { validationError } from '../../helpers/validation.ts';

const PROJECT = '0f5c2e8a91d34b6c8e7fa2b1c9d04e36';
const input = (query: unknown, projectId: unknown = PROJECT) => ({
  path: { project_id: projectId },
  query,
  body: undefined,
});

describe('the ListOpRecord query (raw query string)', () => {
  it.each(GOOD_QUERIES)('accepts %s, decoded once', (_, raw, decoded) => {
    // Act
    const result = safeParse(operationRecordQuery, raw);

    // Assess
    expect(result).toEqual({ success: true, output: decoded });
    if (result.success) expect(Object.keys(result.output)).toEqual(Object.keys(decoded));
  });

  it.each(GOOD_QUERIES)('sends %s to BCS percent-encoded once', (_, raw, __, upstream) => {
    // Act
    const request = listOperationRecordsRequest(validate(listOperationRecords.schema, input(raw)));

    // Assess
    expect(request).toEqual({
      method: 'GET',
      projectId: PROJECT,
      path: `/v2/${PROJECT}/operation/record`,
      query: upstream,
    });
  });

  it.each(BAD_QUERIES)('refuses %s: %s', (_, raw, field) => {
    // Act
    const error = validationError(listOperationRecords.schema, input(raw));

    // Assess
    expect(error.errorCode).toBe('BCSGW.4000001');
    expect(error.statusCode).toBe(400);
    expect(error.message).toMatch(
      new RegExp(`^Invalid request: (.*; )?${escapeRegExp(field)}[:,]`),
    );
  });

  it('names every faulty parameter at once, in the order sent', () => {
    // Act
    const error = validationError(
      listOperationRecords.schema,
      input('operation_status=done&x=1&operation_type=7&operation_id=a&operation_id=b'),
    );

    // Assess
    expect(error.message).toBe(
      'Invalid request: query.operation_status: must be one of waiting, processing, finished, failed, stop; ' +
        'query.x: is not a query parameter of ListOpRecord; ' +
        'query.operation_type: must be two digits; query.operation_id: must not be repeated',
    );
  });

  it('reports a parameter given three times once', () => {
    // Act
    const result = safeParse(operationRecordQuery, 'operation_id=a&operation_id=b&operation_id=c');

    // Assess
    expect(result).toEqual({
      success: false,
      issues: [{ path: ['operation_id'], message: 'must not be repeated' }],
    });
  });

  it('words each kind of refusal for the caller', () => {
    // Act
    const messages = [
      'operation_id=',
      `operation_id=${'a'.repeat(257)}`,
      'operation_id=a%0Ab',
      'operation_id=a%26b',
      'operation_id=%E9',
      'resource_type=X',
      '=x',
      '%E9=x',
    ].map((raw) => validationError(listOperationRecords.schema, input(raw)).message);

    // Assess
    expect(messages).toEqual([
      'Invalid request: query.operation_id: must not be empty',
      'Invalid request: query.operation_id: must be at most 256 characters',
      'Invalid request: query.operation_id: must not contain control characters',
      "Invalid request: query.operation_id: must not contain '&' or '#'",
      'Invalid request: query.operation_id: must be percent-encoded as UTF-8 (RFC 3986)',
      'Invalid request: query.resource_type: must be one of BCSSVC01, BCSSVC02, PLUGIN01, PLUGIN02, PLUGIN03',
      'Invalid request: query: must not have a parameter without a name',
      'Invalid request: query: has a parameter name that is not percent-encoded as UTF-8 (RFC 3986)',
    ]);
  });

  it.each([
    ['empty', ''],
    ['a dot segment', '..'],
    ['a slash', 'a/b'],
    ['a control character', 'a\nb'],
    ['not a string', 7],
  ])('refuses a project_id that is %s, as the PUTs do', (_, projectId) => {
    // Act
    const error = validationError(listOperationRecords.schema, input('', projectId));

    // Assess
    expect(error.message).toMatch(/^Invalid request: path\.project_id: /);
  });
});

describe('the ListOpRecord query (parameters already decoded)', () => {
  it('takes an operation id as the tracker asks for it, and sends it encoded once', () => {
    // Act
    const request = listOperationRecordsRequest(
      validate(listOperationRecords.schema, input({ operation_id: 'BCSSVC01-06-1 2' })),
    );

    // Assess
    expect(request.query).toBe('operation_id=BCSSVC01-06-1%202');
  });

  it('leaves out a parameter given as undefined', () => {
    // Act
    const request = listOperationRecordsRequest(
      validate(
        listOperationRecords.schema,
        input({ operation_id: undefined, operation_status: 'failed' }),
      ),
    );

    // Assess
    expect(request.query).toBe('operation_status=failed');
  });

  it.each([
    ['an unknown parameter', { foo: 'x' }, 'query.foo: is not a field of this operation'],
    ['a non-string value', { operation_id: 7 }, 'query.operation_id: must be a string'],
    ['an empty value', { operation_id: '' }, 'query.operation_id: must not be empty'],
    [
      'an unknown status',
      { operation_status: 'done' },
      'query.operation_status: must be one of waiting, processing, finished, failed, stop',
    ],
    ['an array', [], 'query: must be a JSON object'],
    ['a missing query', undefined, 'query: must be a JSON object'],
  ])('refuses %s', (_, query, message) => {
    // Act
    const error = validationError(listOperationRecords.schema, input(query));

    // Assess
    expect(error.message).toBe(`Invalid request: ${message}`);
  });
});

describe('the ListOpRecord query (a value that is no string)', () => {
  it.each(['operation_id', 'blockchain_id', 'operation_status', 'resource_type', 'operation_type'])(
    'refuses %s given as a number, saying it must be a string',
    (name) => {
      // Act
      const error = validationError(listOperationRecords.schema, input({ [name]: 7 }));

      // Assess
      expect(error.message).toBe(`Invalid request: query.${name}: must be a string`);
    },
  );
});

describe('listOperationRecords', () => {
  it('acts in the path project, with the caller token when it sent one', () => {
    // Prepare
    const raw = { ...input('operation_id=x'), 'X-Auth-Token': 'caller-token' };

    // Act
    const valid = validate(listOperationRecords.schema, raw);

    // Assess
    expect(listOperationRecords.name).toBe('list-operation-records');
    expect(listOperationRecords.projectId(valid)).toBe(PROJECT);
    expect(valid['X-Auth-Token']).toBe('caller-token');
  });
});

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
