import { pathSegment } from './field-rules.ts';
import {
  exactObject,
  type Issue,
  lazy,
  optional,
  type Path,
  type Rule,
  type Schema,
  string,
  WRONG_TYPE,
} from './schema.ts';

/**
 * The query parameters of BCS's ListOpRecord (`GET /v2/{project_id}/operation/record`), in the
 * order Huawei documents them. All are optional; BCS defines no other.
 */
export const OPERATION_RECORD_PARAMETERS = [
  'operation_id',
  'blockchain_id',
  'operation_status',
  'resource_type',
  'operation_type',
] as const;

export type OperationRecordParameter = (typeof OPERATION_RECORD_PARAMETERS)[number];

/** `finished` is success, `stop` an interrupted operation. */
export const OPERATION_STATUSES = ['waiting', 'processing', 'finished', 'failed', 'stop'] as const;
export const RESOURCE_TYPES = ['BCSSVC01', 'BCSSVC02', 'PLUGIN01', 'PLUGIN02', 'PLUGIN03'] as const;

/** Our bound on a decoded value: any real id is far shorter. */
export const MAX_QUERY_VALUE_LENGTH = 256;

/** The validated query: each parameter at most once, decoded, in the order the caller gave them. */
export type OperationRecordQuery = Partial<Record<OperationRecordParameter, string>>;

export interface ListOperationRecordsInput {
  path: { project_id: string };
  query: OperationRecordQuery;
}

export const UNKNOWN_PARAMETER = 'is not a query parameter of ListOpRecord';
export const REPEATED_PARAMETER = 'must not be repeated';
export const MALFORMED_ENCODING = 'must be percent-encoded as UTF-8 (RFC 3986)';

/** C0 and C1 control characters and the two Unicode line separators (as field-rules.ts). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what the rule is about
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

const oneOf = (options: readonly string[]): Rule<string> => [
  (s) => options.includes(s),
  `must be one of ${options.join(', ')}`,
];

/**
 * What every value obeys, decoded: not empty (an empty filter means nothing we could pass on
 * faithfully: BCS documents none), at most {@link MAX_QUERY_VALUE_LENGTH} characters, no
 * control character, and no `&` or `#`, which would split or end a query read again anywhere.
 * Made when the schema is (a top-level array holding a template literal would stay in every
 * bundle that imports this module).
 */
const valueRules = (): Rule<string>[] => [
  [(s) => s.length >= 1, 'must not be empty'],
  [
    (s) => s.length <= MAX_QUERY_VALUE_LENGTH,
    `must be at most ${MAX_QUERY_VALUE_LENGTH} characters`,
  ],
  [(s) => !CONTROL_CHARACTERS.test(s), 'must not contain control characters'],
  [(s) => !/[&#]/.test(s), "must not contain '&' or '#'"],
];

/** The schema of each parameter's decoded value. */
const valueSchemas = (rules = valueRules()): Record<OperationRecordParameter, Schema<string>> => ({
  operation_id: string('must be a string', ...rules),
  blockchain_id: string('must be a string', ...rules),
  operation_status: string('must be a string', ...rules, oneOf(OPERATION_STATUSES)),
  resource_type: string('must be a string', ...rules, oneOf(RESOURCE_TYPES)),
  operation_type: string('must be a string', ...rules, [
    (s) => /^[0-9]{2}$/.test(s),
    'must be two digits',
  ]),
});

/**
 * One component of a query, decoded as URLSearchParams and BCS read it (`+` is a space), but
 * strictly: `undefined` for a `%` not followed by two hex digits or bytes that are not UTF-8.
 */
const decodeComponent = (text: string): string | undefined => {
  try {
    return decodeURIComponent(text.replaceAll('+', ' '));
  } catch {
    // Malformed: undefined. (An empty block leaves Stryker no mutant to make of it: emptying a
    // `return undefined` here was an equivalent one, and a `Stryker disable next-line` comment
    // above `} catch {` never applied to it.)
  }
  return undefined;
};

const isParameter = (name: string): name is OperationRecordParameter =>
  (OPERATION_RECORD_PARAMETERS as readonly string[]).includes(name);

/**
 * Reads a raw query string (API Gateway's `rawQueryString`, without its `?`): each `&`-separated
 * `name=value` decoded, every problem reported at `query.<name>` (or at `query` when there is
 * no name to give). An empty string is no parameter at all.
 */
const readRawQuery = (
  raw: string,
  path: Path,
  issues: Issue[],
  values: Record<OperationRecordParameter, Schema<string>>,
): OperationRecordQuery | typeof WRONG_TYPE => {
  if (raw === '') return {};
  const before = issues.length;
  const output: [OperationRecordParameter, string][] = [];
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const piece of raw.split('&')) {
    const equals = piece.indexOf('=');
    const name = decodeComponent(equals < 0 ? piece : piece.slice(0, equals));
    // Stryker disable next-line EqualityOperator: at 0 the name is empty, refused before the value is read.
    const value = decodeComponent(equals < 0 ? '' : piece.slice(equals + 1));
    if (name === undefined || name === '') {
      issues.push({
        path,
        message:
          name === undefined
            ? `has a parameter name that ${MALFORMED_ENCODING.replace('must be', 'is not')}`
            : 'must not have a parameter without a name',
      });
      continue;
    }
    const at = [...path, name];
    if (seen.has(name)) {
      // Reported once per name, however often it is repeated.
      if (!repeated.has(name)) issues.push({ path: at, message: REPEATED_PARAMETER });
      repeated.add(name);
      continue;
    }
    seen.add(name);
    if (!isParameter(name)) issues.push({ path: at, message: UNKNOWN_PARAMETER });
    else if (value === undefined) issues.push({ path: at, message: MALFORMED_ENCODING });
    else if (values[name].run(value, at, issues) !== WRONG_TYPE) output.push([name, value]);
  }
  // Stryker disable next-line ConditionalExpression: every issue fails the parse, whatever the output.
  return issues.length === before ? Object.fromEntries(output) : WRONG_TYPE;
};

/**
 * The query of ListOpRecord: either the raw query string as the caller sent it (API Gateway's
 * `rawQueryString`), or its parameters already decoded (`{ operation_id: '…' }`, as the
 * tracker asks). Refused: a parameter BCS does not define, one given twice, a value that is
 * empty, over {@link MAX_QUERY_VALUE_LENGTH} characters or holding a control character, `&`
 * or `#` once decoded, malformed percent-encoding, an `operation_status` or `resource_type`
 * outside BCS's values, an `operation_type` that is not two digits.
 *
 * @example
 * ```ts
 * safeParse(operationRecordQuery, 'operation_id=BCSSVC01-06-1624275286218943067');
 * // { success: true, output: { operation_id: 'BCSSVC01-06-1624275286218943067' } }
 * safeParse(operationRecordQuery, 'operation_status=done&x=1');
 * // issues: query.operation_status: must be one of waiting, …; query.x: is not a query parameter …
 * ```
 */
export const operationRecordQuery: Schema<OperationRecordQuery> = /* @__PURE__ */ lazy(() => {
  const values = valueSchemas();
  const decoded = exactObject(
    Object.fromEntries(
      OPERATION_RECORD_PARAMETERS.map((name) => [name, optional(values[name])]),
    ) as Record<OperationRecordParameter, Schema<string | undefined> & { optional: true }>,
  );
  return {
    run: (input, path, issues) =>
      typeof input === 'string'
        ? readRawQuery(input, path, issues, values)
        : (decoded.run(input, path, issues) as OperationRecordQuery | typeof WRONG_TYPE),
  };
});

export const operationRecordPath = /* @__PURE__ */ lazy(() =>
  exactObject({ project_id: pathSegment() }),
);
