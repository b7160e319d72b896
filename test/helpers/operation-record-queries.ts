/**
 * Query strings of `GET /v2/{project_id}/operation/record`, as a caller would send them (API
 * Gateway's `rawQueryString`): the ones that must be refused with nothing sent to BCS, each with
 * the parameter the refusal must name, and valid ones with the query BCS must receive.
 * The unit tests of the validator and the integration tests of the bundle share them.
 */

const LONG = 'a'.repeat(257);

/** `[why, raw query, the field the refusal names]`. */
export const BAD_QUERIES: readonly (readonly [why: string, raw: string, field: string])[] = [
  ['a parameter BCS does not define', 'foo=1', 'query.foo'],
  ['a parameter in another case', 'Operation_Id=x', 'query.Operation_Id'],
  ['a prototype key', '__proto__=x', 'query.__proto__'],
  ['a constructor key', 'constructor=x&operation_id=y', 'query.constructor'],
  ['a repeated parameter', 'operation_id=a&operation_id=b', 'query.operation_id'],
  [
    'a parameter repeated with the same value',
    'operation_id=a&operation_id=a',
    'query.operation_id',
  ],
  ['a repeat hidden by encoding', 'operation_id=a&operation%5Fid=b', 'query.operation_id'],
  [
    'a repeat of a status',
    'operation_status=failed&operation_status=stop',
    'query.operation_status',
  ],
  ['an unknown status', 'operation_status=done', 'query.operation_status'],
  ['a status in upper case', 'operation_status=FINISHED', 'query.operation_status'],
  ['a status with a space', 'operation_status=finished%20', 'query.operation_status'],
  ['an unknown resource type', 'resource_type=BCSSVC03', 'query.resource_type'],
  ['a resource type in lower case', 'resource_type=bcssvc01', 'query.resource_type'],
  ['an operation type of one digit', 'operation_type=6', 'query.operation_type'],
  ['an operation type of three digits', 'operation_type=006', 'query.operation_type'],
  ['an operation type of letters', 'operation_type=ab', 'query.operation_type'],
  [
    'an operation type of full-width digits',
    'operation_type=%EF%BC%90%EF%BC%96',
    'query.operation_type',
  ],
  ['an empty value', 'operation_id=', 'query.operation_id'],
  ['a parameter without a value', 'operation_id', 'query.operation_id'],
  ['an encoded ampersand', 'operation_id=a%26blockchain_id%3Db', 'query.operation_id'],
  ['an encoded hash', 'operation_id=a%23b', 'query.operation_id'],
  ['a literal hash', 'operation_id=a#b', 'query.operation_id'],
  ['a NUL', 'operation_id=a%00b', 'query.operation_id'],
  ['a line feed', 'blockchain_id=a%0Ab', 'query.blockchain_id'],
  ['a CR LF', 'operation_id=a%0D%0AX-Injected:%201', 'query.operation_id'],
  ['a tab', 'operation_id=a%09b', 'query.operation_id'],
  ['a DEL', 'operation_id=a%7F', 'query.operation_id'],
  ['a C1 control (NEL)', 'operation_id=a%C2%85', 'query.operation_id'],
  ['a line separator', 'operation_id=a%E2%80%A8', 'query.operation_id'],
  ['a value of 257 characters', `operation_id=${LONG}`, 'query.operation_id'],
  ['a lone percent sign', 'operation_id=100%', 'query.operation_id'],
  ['a percent sign and one digit', 'operation_id=%4', 'query.operation_id'],
  ['a percent sign and no hex', 'operation_id=%zz', 'query.operation_id'],
  ['a byte that is not UTF-8', 'operation_id=%E9t%E9', 'query.operation_id'],
  ['an overlong UTF-8 encoding', 'operation_id=%C0%AF', 'query.operation_id'],
  ['an encoded surrogate', 'operation_id=%ED%A0%80', 'query.operation_id'],
  ['a code point beyond U+10FFFF', 'operation_id=%F4%90%80%80', 'query.operation_id'],
  ['a malformed parameter name', 'operation%ZZid=a', 'query'],
  ['a value without a name', '=x', 'query'],
  ['an empty parameter between two', 'operation_id=a&&blockchain_id=b', 'query'],
  ['a trailing ampersand', 'operation_id=a&', 'query'],
  ['a lone ampersand', '&', 'query'],
];

/** `[why, raw query, its parameters decoded, the query BCS receives]`. */
export const GOOD_QUERIES: readonly (readonly [
  why: string,
  raw: string,
  decoded: Record<string, string>,
  upstream: string,
])[] = [
  ['no query', '', {}, ''],
  [
    'an operation id',
    'operation_id=BCSSVC01-06-1624275286218943067',
    { operation_id: 'BCSSVC01-06-1624275286218943067' },
    'operation_id=BCSSVC01-06-1624275286218943067',
  ],
  [
    'every parameter, in the caller order',
    'operation_type=06&resource_type=PLUGIN03&operation_status=stop&blockchain_id=b-1&operation_id=o.1_~',
    {
      operation_type: '06',
      resource_type: 'PLUGIN03',
      operation_status: 'stop',
      blockchain_id: 'b-1',
      operation_id: 'o.1_~',
    },
    'operation_type=06&resource_type=PLUGIN03&operation_status=stop&blockchain_id=b-1&operation_id=o.1_~',
  ],
  ['a space as %20', 'operation_id=a%20b', { operation_id: 'a b' }, 'operation_id=a%20b'],
  ['a space as +', 'operation_id=a+b', { operation_id: 'a b' }, 'operation_id=a%20b'],
  ['a plus sign, encoded', 'operation_id=a%2Bb', { operation_id: 'a+b' }, 'operation_id=a%2Bb'],
  ['lower-case hex', 'operation_id=a%2fb', { operation_id: 'a/b' }, 'operation_id=a%2Fb'],
  [
    'an encoded unreserved character',
    'operation_id=a%2Db',
    { operation_id: 'a-b' },
    'operation_id=a-b',
  ],
  [
    'a percent sign, encoded once (never decoded twice)',
    'operation_id=a%2526',
    { operation_id: 'a%26' },
    'operation_id=a%2526',
  ],
  [
    'characters the signer escapes',
    "operation_id=(x)!*'",
    { operation_id: "(x)!*'" },
    'operation_id=%28x%29%21%2A%27',
  ],
  ['an equals sign in a value', 'operation_id=a=b', { operation_id: 'a=b' }, 'operation_id=a%3Db'],
  ['a semicolon in a value', 'operation_id=a;b', { operation_id: 'a;b' }, 'operation_id=a%3Bb'],
  [
    'Chinese',
    'blockchain_id=%E5%8C%BA%E5%9D%97%E9%93%BE',
    { blockchain_id: '区块链' },
    'blockchain_id=%E5%8C%BA%E5%9D%97%E9%93%BE',
  ],
  ['an encoded parameter name', 'operation%5Fid=x', { operation_id: 'x' }, 'operation_id=x'],
  [
    'a value of 256 characters',
    `operation_id=${'a'.repeat(256)}`,
    { operation_id: 'a'.repeat(256) },
    `operation_id=${'a'.repeat(256)}`,
  ],
];
