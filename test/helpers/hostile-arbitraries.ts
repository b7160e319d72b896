/**
 * fast-check arbitraries for hostile input: what an attacker, a broken client or a confused
 * workflow may hand any of the functions. Small and composable: strings first, then objects
 * and JSON texts, then whole events of each trigger.
 *
 * Each request is built from parts that are each valid for the simulator's seed most of the
 * time and hostile otherwise, so that a property meets both the refusals and the way to BCS.
 * Arbitraries are built once (never inside `chain`): building one costs far more than
 * drawing from it.
 */
import type { APIGatewayProxyEventV2, SQSRecord } from 'aws-lambda';
import fc from 'fast-check';
import { MAX_BODY_BYTES } from '../../lib/callers/body-limit.ts';
import { defaultSeed } from '../../simulator/seed.ts';
import { eventBridgeEvent, sqsRecord } from './aws-events.ts';
import { httpEvent, quitConsortiumBody } from './events.ts';
import { validSegment, validText, validToken } from './operation-inputs.ts';
import { ALLOWED_TEAM, ALLOWED_USER, SIGNING_SECRET, sign } from './slack.ts';

const { demo, inviter } = defaultSeed;
const SLACK_RESPONSE_URL = 'https://hooks.slack.com/commands/T0TEAM01/1/abc';

/** The key a pollution attempt would set on a prototype; properties check it never appears. */
export const POLLUTION_KEY = 'polluted';

/** `make()`, made on first use and kept. */
const once = <T>(make: () => T): (() => T) => {
  let made: T | undefined;
  return () => {
    made ??= make();
    return made;
  };
};

/**
 * One part of a request (a field, a header, a body): the values it takes when it is valid for
 * the simulator's seed, and hostile ones.
 */
export interface Part<T> {
  valid: fc.Arbitrary<T>;
  hostile: fc.Arbitrary<T>;
}

/** A part from its two arbitraries. */
export const part = <T>(valid: fc.Arbitrary<T>, hostile: fc.Arbitrary<T>): Part<T> => ({
  valid,
  hostile,
});

/** Values of these parts, all valid but one or two (chosen at random), which are hostile. */
const someHostile = <T extends Record<string, unknown>>(
  parts: {
    [K in keyof T]: Part<T[K]>;
  },
): fc.Arbitrary<T> => {
  const keys = Object.keys(parts);
  const pick = (side: 'valid' | 'hostile') =>
    fc.record(
      Object.fromEntries(keys.map((key) => [key, (parts[key] as Part<unknown>)[side]])),
    ) as fc.Arbitrary<T>;
  return fc
    .tuple(
      pick('valid'),
      pick('hostile'),
      fc.subarray(keys, { minLength: 1, maxLength: Math.min(2, keys.length) }),
    )
    .map(([valid, hostile, chosen]) => {
      const values: Record<string, unknown> = { ...valid };
      for (const key of chosen) values[key] = hostile[key];
      return values as T;
    });
};

/**
 * Values of these parts as a request would carry them: all valid two times in five (so that
 * properties reach BCS), otherwise one or two parts hostile, the others valid (so that a
 * refusal is about that part, and a counterexample shrinks to it).
 */
export const fewHostile = <T extends Record<string, unknown>>(
  parts: {
    [K in keyof T]: Part<T[K]>;
  },
): fc.Arbitrary<T> =>
  fc.oneof(
    {
      weight: 2,
      arbitrary: fc.record(
        Object.fromEntries(
          Object.entries(parts).map(([key, p]) => [key, (p as Part<unknown>).valid]),
        ),
      ) as fc.Arbitrary<T>,
    },
    { weight: 3, arbitrary: someHostile(parts) },
  );

/** Draws a whole part: valid three times in five, hostile otherwise. */
export const either = <T>({ valid, hostile }: Part<T>): fc.Arbitrary<T> =>
  fc.oneof({ weight: 3, arbitrary: valid }, { weight: 2, arbitrary: hostile });

/**
 * `value`, printed shortly in a counterexample: long strings cut, deep nesting summarized (a
 * 64 KiB body would otherwise fill the screen). The printer is a non-enumerable symbol key:
 * spreading, `Object.keys` and JSON never see it.
 */
export const shortlyPrinted = <T>(value: T): T => {
  if (typeof value !== 'object' || value === null) return value;
  Object.defineProperty(value, fc.toStringMethod, {
    value: () => {
      try {
        return JSON.stringify(value, (_key, item: unknown) =>
          typeof item === 'string' && item.length > 120
            ? `${item.slice(0, 60)}… (${item.length} characters)`
            : item,
        );
      } catch {
        return '(too deep to print)';
      }
    },
    enumerable: false,
    configurable: true,
  });
  return value;
};

// ---------------------------------------------------------------------------------------------
// Strings

/**
 * Strings that have broken routers, parsers and templates before: traversal and encoded
 * separators, control characters and header injection, lone surrogates, noncharacters,
 * bidirectional overrides, Slack mentions, template syntax, prototype keys, numbers in
 * disguise, and lengths around our limits.
 */
export const NASTY_STRINGS: readonly string[] = [
  '',
  ' ',
  '.',
  '..',
  '../..',
  '/',
  '//',
  'a/b',
  '\\',
  '%2F',
  '%2f',
  '..%2F',
  '%2e%2e',
  '%00',
  '%',
  '?',
  '?x=1',
  '#',
  '#frag',
  '@',
  'user@evil.example',
  'http://evil.example/',
  '//evil.example',
  '&',
  '=',
  ';',
  ',',
  '\u0000',
  '\t',
  '\r\n',
  'a\r\nX-Injected: 1',
  '\u0085',
  '\u2028',
  '\ud800',
  '\udfff',
  'a\udc00b',
  '\uffff',
  '\ufffe',
  '\ufeff',
  '\u202e',
  '\u200b',
  '\u00a0',
  '😀',
  'é',
  'e\u0301',
  '日本語',
  '<!channel>',
  '<!here>',
  `<@${ALLOWED_USER}>`,
  '```',
  '`',
  '"',
  "'",
  '“quoted”',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: template syntax is the hostile value
  '${7*7}',
  '{{7*7}}',
  '$&',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'null',
  'undefined',
  'NaN',
  '-1',
  '1e309',
  'x'.repeat(128),
  'x'.repeat(129),
  'é'.repeat(100),
  'x'.repeat(4097),
];

/** Any UTF-16 code unit, lone surrogates included (`fc.string` units are always well-formed). */
const utf16Unit = fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code));

/** A string of any kind: nasty constants, any code units, any graphemes, and mixes of them. */
export const hostileString = once(
  (): fc.Arbitrary<string> =>
    fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
      { weight: 2, arbitrary: fc.string({ unit: utf16Unit, maxLength: 24 }) },
      { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 24 }) },
      {
        weight: 2,
        arbitrary: fc
          .array(fc.oneof(fc.constantFrom(...NASTY_STRINGS), validText()), {
            minLength: 2,
            maxLength: 4,
          })
          .map((parts) => parts.join('')),
      },
    ),
);

/** A value that is not a string at all. */
const notAString = once(() => fc.jsonValue({ maxDepth: 2 }).filter((v) => typeof v !== 'string'));

/** A path parameter: an id the simulator knows (or any valid segment), or a hostile string. */
export const segmentPart = (known: readonly string[]): Part<unknown> =>
  part(
    fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...known) }, validSegment()),
    fc.oneof({ weight: 4, arbitrary: hostileString() }, notAString()),
  );

/** A body field: a value the simulator knows (or any valid text), or hostile text, or not text. */
export const fieldPart = (known: readonly string[]): Part<unknown> =>
  part(
    fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...known) }, validText()),
    fc.oneof({ weight: 4, arbitrary: hostileString() }, notAString()),
  );

// ---------------------------------------------------------------------------------------------
// Objects

/**
 * An object with exactly these entries, as JSON text would make it: keys such as `__proto__`
 * become real own keys (an object literal or a plain assignment would set the prototype).
 */
export const ownObject = (
  entries: Iterable<readonly [string, unknown]>,
): Record<string, unknown> => {
  const object: Record<string, unknown> = {};
  for (const [key, value] of entries) {
    Object.defineProperty(object, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return object;
};

/** Extra keys a hostile object may carry: prototype keys, odd names, long names. */
const extraKey = once(() =>
  fc.oneof(
    fc.constantFrom('__proto__', 'constructor', 'prototype', 'X-Auth-Token', 'toString', ''),
    hostileString(),
  ),
);

/** What `__proto__` or `constructor` would carry into a prototype, or any other value. */
const extraValue = once(() =>
  fc.oneof(
    fc.constantFrom(
      { [POLLUTION_KEY]: 'yes' },
      ownObject([['prototype', { [POLLUTION_KEY]: 'yes' }]]),
      ownObject([['__proto__', { [POLLUTION_KEY]: 'yes' }]]),
      'yes',
      null,
      [],
    ),
    hostileString(),
  ),
);

/**
 * An object of these fields as a part: valid, every field valid; hostile, one or two fields
 * hostile, or fields missing, extra keys (prototype keys among them), or not an object.
 */
export const objectPart = (fields: Record<string, Part<unknown>>): Part<unknown> => {
  const keys = Object.keys(fields);
  const valid = fc.record(
    Object.fromEntries(keys.map((key) => [key, (fields[key] as Part<unknown>).valid])),
  ) as fc.Arbitrary<Record<string, unknown>>;
  const extra = fc.array(fc.tuple(extraKey(), extraValue()), { minLength: 1, maxLength: 2 });
  return part(
    valid,
    fc.oneof(
      { weight: 6, arbitrary: someHostile(fields) },
      {
        weight: 1,
        arbitrary: fc
          .tuple(valid, fc.subarray(keys, { minLength: 1, maxLength: Math.min(2, keys.length) }))
          .map(([values, removed]) =>
            ownObject(Object.entries(values).filter(([key]) => !removed.includes(key))),
          ),
      },
      {
        weight: 2,
        arbitrary: fc
          .tuple(valid, extra)
          .map(([values, added]) => ownObject([...Object.entries(values), ...added])),
      },
      { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
    ),
  );
};

/** A quit-consortium body: the seed's eight fields. */
export const quitBodyPart = once(() =>
  objectPart(
    Object.fromEntries(
      Object.entries(quitConsortiumBody()).map(([key, value]) => [
        key,
        fieldPart([String(value), inviter.bcsId, demo.bcsId]),
      ]),
    ),
  ),
);

/** A remove-channel-orgs body: seed organizations (or other valid names), or hostile ones. */
export const orgNamesBodyPart = once(() => {
  const orgName = fieldPart([...demo.orgs, 'no-such-org']);
  const validNames = fc.uniqueArray(
    fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...demo.orgs) }, orgName.valid),
    { minLength: 1, maxLength: 3 },
  );
  return objectPart({
    org_names: part(
      validNames,
      fc.oneof(
        { weight: 4, arbitrary: fc.tuple(validNames, orgName.hostile).map(([a, b]) => [...a, b]) },
        { weight: 1, arbitrary: fc.constantFrom([], ...demo.orgs.map((org) => [org, org])) },
        { weight: 1, arbitrary: fc.array(fc.constantFrom(...demo.orgs), { maxLength: 120 }) },
        // Many wrong names: the message naming them all must still keep to 512 characters.
        { weight: 1, arbitrary: fc.array(orgName.hostile, { minLength: 100, maxLength: 400 }) },
        { weight: 1, arbitrary: fc.oneof(hostileString(), notAString()) },
      ),
    ),
  });
});

// ---------------------------------------------------------------------------------------------
// JSON texts

/** Nesting up to 40,000 deep, as JSON text: arrays, objects, or inside a field. */
export const deeplyNestedJson = once(() =>
  fc
    .tuple(fc.constantFrom('array', 'object', 'org_names'), fc.integer({ min: 1, max: 40_000 }))
    .map(([shape, depth]) => {
      if (shape === 'array') return `${'['.repeat(depth)}${']'.repeat(depth)}`;
      if (shape === 'object') return `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
      return `{"org_names":${'['.repeat(depth)}"org3"${']'.repeat(depth)}}`;
    }),
);

/** The texts of deeply nested values, which `JSON.stringify` cannot write back. */
const DEEP_TEXTS = new WeakMap<object, string>();

/** A deeply nested JSON text, parsed; {@link jsonText} writes it back. */
const parsedDeep = (text: string): unknown => {
  const value: unknown = JSON.parse(text);
  if (typeof value === 'object' && value !== null) DEEP_TEXTS.set(value, text);
  return value;
};

/** `JSON.stringify`, but a value made by {@link parsedDeep} is written as its own text. */
const jsonText = (value: unknown): string | undefined => {
  if (typeof value !== 'object' || value === null) return JSON.stringify(value);
  const deep = DEEP_TEXTS.get(value);
  if (deep !== undefined) return deep;
  if (Array.isArray(value)) return `[${value.map((item) => jsonText(item) ?? 'null').join(',')}]`;
  const entries = Object.entries(value).flatMap(([key, item]) => {
    const text = jsonText(item);
    return text === undefined ? [] : [`${JSON.stringify(key)}:${text}`];
  });
  return `{${entries.join(',')}}`;
};

/**
 * A JSON text with a prototype key as a real own key somewhere: at the top, beside valid
 * fields, or nested inside a field.
 */
export const jsonWithForbiddenKey = (valid: Record<string, unknown>): fc.Arbitrary<string> =>
  fc
    .tuple(
      fc.constantFrom('__proto__', 'constructor', 'prototype'),
      fc.constantFrom(
        `{"${POLLUTION_KEY}":"yes"}`,
        `{"prototype":{"${POLLUTION_KEY}":"yes"}}`,
        `{"__proto__":{"${POLLUTION_KEY}":"yes"}}`,
        '"yes"',
        '[]',
        'null',
      ),
      fc.constantFrom('top', 'nested'),
    )
    .map(([key, payload, where]) => {
      const text = JSON.stringify(valid);
      const first = Object.keys(valid)[0] ?? 'x';
      return where === 'top'
        ? `{"${key}":${payload},${text.slice(1)}`
        : `{"${first}":{"${key}":${payload}},${text.slice(1)}`;
    });

/**
 * A JSON body whose size is near {@link MAX_BODY_BYTES}: just under, at, or over it, counted
 * in bytes (multi-byte characters make the character count lie).
 */
export const bodyNearTheLimit = once(() =>
  fc
    .tuple(fc.integer({ min: -8, max: 4096 }), fc.constantFrom('x', 'é', '😀'))
    .map(([over, unit]) => {
      const frame = '{"org_names":[""]}';
      const bytes = MAX_BODY_BYTES + over - frame.length;
      const text = unit.repeat(Math.max(0, Math.floor(bytes / Buffer.byteLength(unit))));
      return `{"org_names":["${text}${'x'.repeat(Math.max(0, bytes - Buffer.byteLength(text)))}"]}`;
    }),
);

/** Bytes that are not UTF-8 text, read as text the ways a server might. */
const binaryText = once(() =>
  fc
    .tuple(fc.uint8Array({ maxLength: 256 }), fc.constantFrom<BufferEncoding>('latin1', 'utf8'))
    .map(([bytes, encoding]) => Buffer.from(bytes).toString(encoding)),
);

/**
 * The text of a JSON body: valid, the JSON of a valid body; hostile, the JSON of a hostile
 * one, any JSON, a prototype key, deep nesting, a size near the limit, binary, or not JSON.
 */
export const jsonTextPart = (valid: Record<string, unknown>, body: Part<unknown>): Part<string> =>
  part(
    body.valid.map((value) => JSON.stringify(value)),
    fc.oneof(
      { weight: 6, arbitrary: body.hostile.map((value) => JSON.stringify(value) ?? '') },
      { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((value) => JSON.stringify(value)) },
      { weight: 2, arbitrary: jsonWithForbiddenKey(valid) },
      { weight: 1, arbitrary: deeplyNestedJson() },
      { weight: 1, arbitrary: bodyNearTheLimit() },
      { weight: 1, arbitrary: binaryText() },
      { weight: 1, arbitrary: hostileString() },
    ),
  );

// ---------------------------------------------------------------------------------------------
// HTTP

type HttpBody = { body?: string | null; isBase64Encoded: boolean };

/**
 * A body as API Gateway hands it over: valid, the text as is or base64-encoded; hostile, a
 * hostile text (as is or base64), bytes or not-base64 as base64, absent, or `null`.
 */
export const httpBodyPart = (text: Part<string>): Part<HttpBody> => {
  const carried = (texts: fc.Arbitrary<string>) =>
    fc.oneof(
      { weight: 4, arbitrary: texts.map((body) => ({ body, isBase64Encoded: false })) },
      {
        weight: 1,
        arbitrary: texts.map((body) => ({
          body: Buffer.from(body).toString('base64'),
          isBase64Encoded: true,
        })),
      },
    );
  return part(
    carried(text.valid),
    fc.oneof(
      { weight: 8, arbitrary: carried(text.hostile) },
      {
        weight: 1,
        arbitrary: fc
          .uint8Array({ maxLength: 512 })
          .map((bytes) => ({ body: Buffer.from(bytes).toString('base64'), isBase64Encoded: true })),
      },
      {
        weight: 1,
        arbitrary: fc
          .constantFrom('!!!', '====', 'e30', '{"org_names":["org3"]}', '')
          .map((body) => ({ body, isBase64Encoded: true })),
      },
      { weight: 1, arbitrary: fc.constant({ isBase64Encoded: false }) },
      // Payload 1.0 and hand-written events have `"body": null`.
      { weight: 1, arbitrary: fc.constant({ body: null, isBase64Encoded: false }) },
    ),
  );
};

/** The content type: JSON in its accepted forms, or JSON-like, not JSON, absent, anything. */
export const contentTypePart = once(() =>
  part<string | undefined>(
    fc.constantFrom(
      'application/json',
      'application/json; charset=utf-8',
      'APPLICATION/JSON',
      'Application/Json;Charset=UTF-8',
      'application/vnd.api+json',
      'application/merge-patch+json',
      'application/json;',
    ),
    fc.oneof(
      fc.constantFrom(
        undefined,
        'application/json, text/plain',
        ' application/json',
        'application/json ',
        'application/jsonp',
        'application/json-seq',
        'application/json\r\nx-injected: 1',
        'text/plain',
        'text/json',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
        '*/*',
        'json',
        '',
      ),
      hostileString(),
    ),
  ),
);

/**
 * The caller's own `X-Auth-Token`: valid, none (the service signs in) or a well-formed one BCS
 * does not know; hostile, with CR/LF, non-ASCII, padding, a length over the limit, anything.
 */
export const tokenPart = once(() =>
  part<string | undefined>(
    fc.oneof({ weight: 4, arbitrary: fc.constant(undefined) }, validToken()),
    fc.oneof(
      fc.constantFrom(
        'tok\r\nX-Injected: 1',
        'tok\n',
        'tök',
        '日本',
        ' tok',
        'tok ',
        '',
        'x'.repeat(32_769),
      ),
      hostileString(),
    ),
  ),
);

/** Header names a client or a proxy may send, in odd casings and near-duplicates. */
const headerName = once(() =>
  fc.oneof(
    fc.constantFrom(
      'Content-Type',
      'CONTENT-TYPE',
      'content-type ',
      'X-Auth-Token',
      'X-AUTH-TOKEN',
      'x-auth-token ',
      'x_auth_token',
      'content-length',
      'transfer-encoding',
      'x-forwarded-host',
      'host',
      '__proto__',
      'constructor',
    ),
    fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/),
  ),
);

/**
 * Headers besides content type and token: none, or names no gateway would send (API Gateway
 * lower-cases them) with hostile values, prototype keys among them.
 */
const otherHeadersPart = once(() =>
  part<readonly (readonly [string, string])[]>(
    fc.constant([]),
    fc.array(fc.tuple(headerName(), hostileString()), { minLength: 1, maxLength: 3 }),
  ),
);

/** Path parameters: the route's names, or hostile (values, keys, shape), or none at all. */
export const pathParametersPart = (known: Record<string, readonly string[]>): Part<unknown> => {
  const path = objectPart(
    Object.fromEntries(Object.entries(known).map(([name, ids]) => [name, segmentPart(ids)])),
  );
  return part(
    path.valid,
    fc.oneof(
      { weight: 20, arbitrary: path.hostile },
      { weight: 1, arbitrary: fc.constant(undefined) },
    ),
  );
};

/** The two HTTP routes, with what the simulator knows for each path parameter. */
export const HTTP_ROUTES = {
  'http-quit-consortium': {
    routeKey: '/v2/{project_id}/members/quit',
    known: { project_id: [demo.projectId] },
    valid: quitConsortiumBody(),
    body: quitBodyPart,
  },
  'http-remove-channel-orgs': {
    routeKey: '/v2/{project_id}/blockchains/{blockchain_id}/{channel_id}/orgs/quit',
    known: {
      project_id: [demo.projectId],
      blockchain_id: [demo.blockchainId, inviter.blockchainId],
      channel_id: [demo.channelName, 'no-such-channel'],
    },
    valid: { org_names: ['org3'] },
    body: orgNamesBodyPart,
  },
} as const;

export type HttpFunctionName = keyof typeof HTTP_ROUTES;

/** An API Gateway HTTP API (payload 2.0) event for one of the routes, hostile in a few parts. */
export const hostileHttpEvent = (name: HttpFunctionName): fc.Arbitrary<APIGatewayProxyEventV2> => {
  const route = HTTP_ROUTES[name];
  return fewHostile({
    pathParameters: pathParametersPart(route.known),
    contentType: contentTypePart(),
    token: tokenPart(),
    otherHeaders: otherHeadersPart(),
    body: httpBodyPart(jsonTextPart(route.valid, route.body())),
  }).map(({ pathParameters, contentType, token, otherHeaders, body }) => {
    const headers = ownObject([
      ['host', 'abc123.execute-api.eu-west-1.amazonaws.com'],
      ...otherHeaders,
      ...(contentType === undefined ? [] : [['content-type', contentType] as const]),
      ...(token === undefined ? [] : [['x-auth-token', token] as const]),
    ]);
    const event = httpEvent({ routeKey: route.routeKey, rawPath: '/hostile' });
    const hostile: Record<string, unknown> = { ...event, headers, ...body };
    if (pathParameters === undefined) delete hostile.pathParameters;
    else hostile.pathParameters = pathParameters;
    if (!('body' in body)) delete hostile.body;
    return shortlyPrinted(hostile as unknown as APIGatewayProxyEventV2);
  });
};

// ---------------------------------------------------------------------------------------------
// Events

type OperationName = 'quit-consortium' | 'remove-channel-orgs';

/** A correlation id: absent or valid; or hostile. */
const correlationIdPart = once(() =>
  part<unknown>(
    fc.option(fc.stringMatching(/^[\w.:/@-]{1,128}$/), { nil: undefined }),
    fc.oneof(hostileString(), notAString()),
  ),
);

/** The seed's valid `{path, body}` of an operation. */
const validRequest = (operation: OperationName) =>
  operation === 'quit-consortium'
    ? { path: { project_id: demo.projectId }, body: quitConsortiumBody() }
    : {
        path: {
          project_id: demo.projectId,
          blockchain_id: demo.blockchainId,
          channel_id: 'channel',
        },
        body: { org_names: ['org3'] },
      };

/** A request whose JSON is just under, at, or over {@link MAX_BODY_BYTES}, padded in its body. */
export const sizedRequest = (operation: OperationName): fc.Arbitrary<Record<string, unknown>> =>
  fc.tuple(fc.integer({ min: -64, max: 8192 }), fc.constantFrom('x', 'é')).map(([over, unit]) => {
    const { path, body } = validRequest(operation);
    const frame = { path, body: { ...body, padding: '' }, correlation_id: 'wf-big' };
    const room = Math.max(0, MAX_BODY_BYTES + over - Buffer.byteLength(JSON.stringify(frame)));
    const padding = unit.repeat(Math.floor(room / Buffer.byteLength(unit)));
    return { ...frame, body: { ...body, padding } };
  });

/**
 * `{path, body, correlation_id?}` of one operation as a part: hostile, in its fields, its
 * shape, its size or its depth.
 */
const requestPart = (operation: OperationName): Part<unknown> => {
  const shape = objectPart({
    path: objectPart(
      operation === 'quit-consortium'
        ? { project_id: segmentPart([demo.projectId]) }
        : {
            project_id: segmentPart([demo.projectId]),
            blockchain_id: segmentPart([demo.blockchainId]),
            channel_id: segmentPart(['channel']),
          },
    ),
    body: operation === 'quit-consortium' ? quitBodyPart() : orgNamesBodyPart(),
    correlation_id: correlationIdPart(),
  });
  return part(
    shape.valid,
    fc.oneof(
      { weight: 8, arbitrary: shape.hostile },
      { weight: 1, arbitrary: sizedRequest(operation) },
      {
        weight: 1,
        arbitrary: deeplyNestedJson().map((text) => ({
          ...validRequest(operation),
          body: parsedDeep(text),
        })),
      },
    ),
  );
};

const requestParts = {
  'quit-consortium': once(() => requestPart('quit-consortium')),
  'remove-channel-orgs': once(() => requestPart('remove-channel-orgs')),
};

const DETAIL_TYPES = {
  'quit-consortium': 'BCS Quit Consortium Requested',
  'remove-channel-orgs': 'BCS Remove Channel Orgs Requested',
} as const;

/** A `detail-type` other than ours: ours in another casing, prototype keys, anything. */
const otherDetailType = once(() =>
  fc.oneof(
    fc.constantFrom(
      'bcs quit consortium requested',
      'BCS Remove Channel Orgs Requested ',
      '__proto__',
      'constructor',
      'toString',
    ),
    hostileString(),
  ),
);

/** An EventBridge event of one operation: hostile in its `detail-type`, its `detail`, or both. */
const eventBridgeEventOf = (operation: OperationName) =>
  fewHostile({
    detailType: part(fc.constant(DETAIL_TYPES[operation]), otherDetailType()),
    detail: part(
      requestParts[operation]().valid,
      fc.oneof(
        { weight: 8, arbitrary: requestParts[operation]().hostile },
        { weight: 1, arbitrary: fc.anything() },
      ),
    ),
  });

/** An EventBridge event asking for an operation, hostile in a few parts. */
export const hostileEventBridgeEvent = () =>
  fc
    .oneof(eventBridgeEventOf('quit-consortium'), eventBridgeEventOf('remove-channel-orgs'))
    .map(({ detailType, detail }) => shortlyPrinted(eventBridgeEvent(detailType, detail)));

/** What SQS refuses in a message: XML 1.0's forbidden characters and lone surrogates. */
const NOT_SQS_TEXT =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly what SQS refuses
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * A body SQS would deliver: what it refuses written as JSON escapes (`\u0000`), which JSON
 * parses back into the very character: hostile text still reaches the function.
 */
const escapeForSqs = (body: string): string =>
  body.replace(NOT_SQS_TEXT, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/** `{"operation", ...request}` as JSON text (or the request alone, when it is not an object). */
const messageText = (operation: unknown, request: unknown): string =>
  jsonText(
    typeof request === 'object' && request !== null && !Array.isArray(request)
      ? ownObject([['operation', operation], ...Object.entries(request)])
      : request,
  ) ?? '';

/** A message body of one operation: hostile in the operation it names, its request, or its text. */
const messageOf = (operation: OperationName) =>
  fewHostile({
    operation: part<unknown>(
      fc.constant(operation),
      fc.oneof(
        fc.constantFrom('quit-consortium', 'remove-channel-orgs', '__proto__', 'toString'),
        hostileString(),
        notAString(),
      ),
    ),
    request: requestParts[operation](),
  }).map(({ operation: named, request }) => messageText(named, request));

/** One SQS message body: a request hostile in a few parts, or text of any kind. */
export const hostileMessageBody = once(() =>
  fc
    .oneof(
      { weight: 5, arbitrary: messageOf('quit-consortium') },
      { weight: 5, arbitrary: messageOf('remove-channel-orgs') },
      {
        weight: 1,
        arbitrary: jsonWithForbiddenKey({
          operation: 'remove-channel-orgs',
          ...validRequest('remove-channel-orgs'),
        }),
      },
      { weight: 1, arbitrary: deeplyNestedJson() },
      { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify(value)) },
      { weight: 1, arbitrary: hostileString() },
    )
    .map(escapeForSqs),
);

/** A batch of one to five records with hostile bodies, from a standard or a FIFO queue. */
export const hostileSqsBatch = (): fc.Arbitrary<SQSRecord[]> =>
  fc
    .tuple(
      fc.array(hostileMessageBody(), { minLength: 1, maxLength: 5 }),
      fc.constantFrom('bcs-offboard-requests', 'bcs-offboard-requests.fifo'),
    )
    .map(([bodies, queue]) => shortlyPrinted(bodies.map((body) => sqsRecord(body, { queue }))));

// ---------------------------------------------------------------------------------------------
// Slack

/**
 * The text of a slash command: valid, a command the grammar takes (help, a run, a dry run);
 * hostile, grammar-shaped with hostile keys and values, anything, or longer than Slack's.
 */
export const commandTextPart = once(() => {
  const validCommand = fc.oneof(
    fc
      .tuple(
        fc.uniqueArray(fc.constantFrom(...demo.orgs), { minLength: 1, maxLength: 3 }),
        fc.boolean(),
      )
      .map(
        ([orgs, dryRun]) =>
          `remove-orgs channel=channel orgs=${orgs.join(',')}${dryRun ? ' dry-run' : ''}`,
      ),
    fc.constantFrom(
      `quit-consortium inviter-bcs=${inviter.bcsId} inviter-project=${inviter.projectId} ` +
        `inviter-domain=${inviter.domainId} inviter-user=${inviter.userName} channel=${inviter.channelName}`,
      'help',
      '',
    ),
  );
  const value = fc.oneof(
    { weight: 3, arbitrary: hostileString() },
    { weight: 1, arbitrary: hostileString().map((s) => `"${s}"`) },
    { weight: 1, arbitrary: hostileString().map((s) => `“${s}”`) },
    { weight: 2, arbitrary: fc.constantFrom(...demo.orgs, 'channel', demo.blockchainId) },
  );
  const key = fc.constantFrom(
    'channel',
    'orgs',
    'blockchain',
    'project',
    'inviter-bcs',
    'inviter-user',
    'INVITER_USER',
    '__proto__',
    'constructor',
    '',
  );
  const word = fc.constantFrom(
    'remove-orgs',
    'remove-channel-orgs',
    'quit-consortium',
    'help',
    'dry-run',
    '--dry-run',
    '?',
  );
  const pair = fc.tuple(key, value).map(([k, v]) => `${k}=${v}`);
  return part(
    validCommand,
    fc.oneof(
      {
        weight: 5,
        arbitrary: fc
          .tuple(
            word,
            fc.array(fc.oneof(pair, word, hostileString()), { maxLength: 6 }),
            fc.constantFrom(' ', '  ', '\t', '\n', '\u3000'),
          )
          .map(([first, rest, gap]) => [first, ...rest].join(gap)),
      },
      { weight: 2, arbitrary: hostileString() },
      {
        weight: 1,
        arbitrary: fc.integer({ min: 3990, max: 4100 }).map((n) => 'remove-orgs '.padEnd(n, 'x')),
      },
    ),
  );
});

/**
 * A slash command's form body: Slack's fields, a few of them hostile (values, missing, repeated
 * or extra fields); `response_url` is `sinkUrl` when valid.
 */
export const slashCommandForm = (sinkUrl: string): fc.Arbitrary<string> =>
  fewHostile({
    text: commandTextPart(),
    user_id: part<string | undefined>(
      fc.constant(ALLOWED_USER),
      fc.oneof(
        fc.constantFrom(undefined, 'U0STRANGER', 'u0allowed1', `${ALLOWED_USER} `),
        hostileString(),
      ),
    ),
    team_id: part<string | undefined>(
      fc.constant(ALLOWED_TEAM),
      fc.oneof(fc.constant(undefined), hostileString()),
    ),
    command: part<string | undefined>(fc.constant('/bcs-offboard'), hostileString()),
    response_url: part<string | undefined>(
      fc.constant(sinkUrl),
      fc.oneof(
        fc.constantFrom(
          undefined,
          SLACK_RESPONSE_URL,
          'http://169.254.169.254/latest/meta-data/',
          'http://127.0.0.1:1/',
          'https://evil.example/',
          'https://user:pass@hooks.slack.com/x',
          'javascript:alert(1)',
        ),
        hostileString(),
      ),
    ),
    extra: part<readonly (readonly [string, string])[]>(
      fc.constant([]),
      fc.array(
        fc.tuple(fc.oneof(extraKey(), fc.constantFrom('text', 'user_id')), hostileString()),
        { minLength: 1, maxLength: 3 },
      ),
    ),
  }).map(({ extra, ...fields }) => {
    const form = new URLSearchParams();
    for (const [key, value] of [...Object.entries(fields), ...extra]) {
      if (value !== undefined) form.append(key, value);
    }
    return form.toString();
  });

/** A form body of any kind: a slash command, raw hostile text, or text near the size limit. */
export const hostileFormBody = (sinkUrl: string): fc.Arbitrary<string> => {
  const form = slashCommandForm(sinkUrl);
  return fc.oneof(
    { weight: 10, arbitrary: form },
    { weight: 1, arbitrary: hostileString() },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.integer({ min: -16, max: 4096 }), form)
        .map(
          ([over, text]) =>
            `${text}&pad=${'x'.repeat(Math.max(0, MAX_BODY_BYTES + over - text.length - 5))}`,
        ),
    },
  );
};

const slackEvent = (
  body: string | undefined,
  base64: boolean,
  signatureHeaders: Record<string, string>,
): APIGatewayProxyEventV2 => {
  const event = httpEvent({
    method: 'POST',
    routeKey: '/slack/commands',
    rawPath: '/slack/commands',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  const hostile: Record<string, unknown> = {
    ...event,
    headers: { ...event.headers, ...signatureHeaders },
    isBase64Encoded: base64,
  };
  if (body !== undefined) hostile.body = base64 ? Buffer.from(body).toString('base64') : body;
  return shortlyPrinted(hostile as unknown as APIGatewayProxyEventV2);
};

/** A `POST /slack/commands` event signed as Slack signs it (now, with the right secret). */
export const signedSlackEvent = (body: string, base64: boolean): APIGatewayProxyEventV2 => {
  const timestamp = String(Math.floor(Date.now() / 1000));
  return slackEvent(body, base64, {
    'x-slack-request-timestamp': timestamp,
    'x-slack-signature': sign(SIGNING_SECRET, timestamp, body),
  });
};

/** Whether an event happens to carry the right signature (a forgery that is not one). */
const isRightlySigned = (event: APIGatewayProxyEventV2): boolean => {
  const timestamp = event.headers['x-slack-request-timestamp'];
  const signature = event.headers['x-slack-signature'];
  if (timestamp === undefined || signature === undefined) return false;
  if (!/^\d{1,12}$/.test(timestamp) || Math.abs(Date.now() / 1000 - Number(timestamp)) > 300) {
    return false;
  }
  const body = Buffer.from(event.body ?? '', event.isBase64Encoded ? 'base64' : 'utf8');
  return sign(SIGNING_SECRET, timestamp, body) === signature;
};

/** The ways a request can fail to be Slack's, as signature headers for a body. */
const FORGERIES: Record<string, (body: string, now: number) => Record<string, string>> = {
  none: () => ({}),
  'no timestamp': (body, now) => ({ 'x-slack-signature': sign(SIGNING_SECRET, `${now}`, body) }),
  'no signature': (_body, now) => ({ 'x-slack-request-timestamp': `${now}` }),
  'cut signature': (body, now) => ({
    'x-slack-request-timestamp': `${now}`,
    'x-slack-signature': sign(SIGNING_SECRET, `${now}`, body).slice(0, -1),
  }),
  'another secret': (body, now) => ({
    'x-slack-request-timestamp': `${now}`,
    'x-slack-signature': sign('not-the-signing-secret', `${now}`, body),
  }),
  'another body': (body, now) => ({
    'x-slack-request-timestamp': `${now}`,
    'x-slack-signature': sign(SIGNING_SECRET, `${now}`, `${body}&x=1`),
  }),
  stale: (body, now) => ({
    'x-slack-request-timestamp': `${now - 301}`,
    'x-slack-signature': sign(SIGNING_SECRET, `${now - 301}`, body),
  }),
  'from the future': (body, now) => ({
    'x-slack-request-timestamp': `${now + 400}`,
    'x-slack-signature': sign(SIGNING_SECRET, `${now + 400}`, body),
  }),
  'timestamp not an integer': (body, now) => ({
    'x-slack-request-timestamp': `${now}.0`,
    'x-slack-signature': sign(SIGNING_SECRET, `${now}.0`, body),
  }),
  'upper-case hex': (body, now) => ({
    'x-slack-request-timestamp': `${now}`,
    'x-slack-signature': `v0=${sign(SIGNING_SECRET, `${now}`, body).slice(3).toUpperCase()}`,
  }),
  'version v1': (body, now) => ({
    'x-slack-request-timestamp': `${now}`,
    'x-slack-signature': `v1=${sign(SIGNING_SECRET, `${now}`, body).slice(3)}`,
  }),
  'capitalized header names': (body, now) => ({
    'X-Slack-Request-Timestamp': `${now}`,
    'X-Slack-Signature': sign(SIGNING_SECRET, `${now}`, body),
  }),
  'signed as base64': (body, now) => ({
    'x-slack-request-timestamp': `${now}`,
    'x-slack-signature': sign(SIGNING_SECRET, `${now}`, Buffer.from(body).toString('base64')),
  }),
};

/**
 * A `POST /slack/commands` event that Slack did not sign as it is: no signature, a malformed
 * one, one for another body, secret or encoding, a stale or future timestamp, header names in
 * a casing API Gateway never sends, or hostile header values.
 */
export const unsignedSlackEvent = (): fc.Arbitrary<APIGatewayProxyEventV2> =>
  fc
    .record({
      body: fc.option(hostileFormBody(SLACK_RESPONSE_URL), { nil: undefined, freq: 10 }),
      base64: fc.boolean(),
      headers: fc.oneof(
        { weight: 4, arbitrary: fc.constantFrom(...Object.keys(FORGERIES)) },
        {
          weight: 1,
          arbitrary: fc.record({
            'x-slack-request-timestamp': hostileString(),
            'x-slack-signature': hostileString(),
          }),
        },
      ),
    })
    .map(({ body, base64, headers }) =>
      slackEvent(
        body,
        base64,
        typeof headers === 'string'
          ? (FORGERIES[headers]?.(body ?? '', Math.floor(Date.now() / 1000)) ?? {})
          : headers,
      ),
    )
    .filter((event) => !isRightlySigned(event));

// ---------------------------------------------------------------------------------------------
// Slack worker

/** A worker payload for one operation, a few of its fields hostile. */
const workerPayloadOf = (operation: OperationName, sinkUrl: string) =>
  objectPart({
    operation: part<unknown>(
      fc.constant(operation),
      fc.oneof(fc.constantFrom('__proto__', 'toString', 'delete-everything'), notAString()),
    ),
    input: requestParts[operation](),
    response_url: part<unknown>(
      fc.constant(sinkUrl),
      fc.oneof(
        fc.constantFrom('http://169.254.169.254/', 'https://evil.example/x', SLACK_RESPONSE_URL),
        hostileString(),
        notAString(),
      ),
    ),
    user_id: part<unknown>(fc.constant(ALLOWED_USER), hostileString()),
    team_id: part<unknown>(fc.constant(ALLOWED_TEAM), hostileString()),
    correlation_id: part<unknown>(fc.uuid(), hostileString()),
  });

/**
 * An invocation payload for the worker: the command's, a few fields hostile (the
 * response_url is `sinkUrl` when valid), or any value at all.
 */
export const hostileWorkerPayload = (sinkUrl: string): fc.Arbitrary<unknown> => {
  const [quit, removeOrgs] = [
    workerPayloadOf('quit-consortium', sinkUrl),
    workerPayloadOf('remove-channel-orgs', sinkUrl),
  ];
  return fc
    .oneof(
      { weight: 5, arbitrary: either(quit) },
      { weight: 5, arbitrary: either(removeOrgs) },
      { weight: 1, arbitrary: fc.anything() },
    )
    .map(shortlyPrinted);
};
