/**
 * docs/openapi.json cannot drift from what is deployed and what the code checks: its routes are
 * serverless.yml's, its field rules are probed against the operations' own schemas (at every
 * boundary; openapi.property.test.ts compares them on generated input), its 200 bodies are
 * BCS's (the simulator's), and every error code of ours an HTTP route can answer is in it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as ErrorCodes from '../../lib/errors/error-codes.ts';
import { GatewayError, statusOf } from '../../lib/errors/gateway-error.ts';
import { errorBody } from '../../lib/errors/normalize-error.ts';
import {
  MAX_FIELD_LENGTH,
  MAX_ORG_NAMES,
  MAX_TOKEN_LENGTH,
} from '../../lib/schemas/field-rules.ts';
import { safeParse } from '../../lib/schemas/schema.ts';
import { exampleRequests, type Simulator, startSimulator } from '../../simulator/index.ts';
import type { JsonSchema } from '../helpers/json-schema-subset.ts';
import {
  type AdminRoute,
  adminRoutes,
  codeAccepts,
  deref,
  documentAccepts,
  type OpenApiResponse,
  openapi,
} from '../helpers/openapi.ts';
import { root } from '../helpers/serverless.ts';
import { bcs, signIn } from '../simulator/helpers.ts';

/** Our codes that no admin route answers, and why: every other code must be in the document. */
const notAnsweredByAdminRoutes: Record<string, string> = {
  [ErrorCodes.badSlackSignature]: 'the Slack route only',
  [ErrorCodes.untrustedEventSource]: 'EventBridge only',
  [ErrorCodes.duplicateInProgress]:
    'events and the Slack worker: the admin routes are not deduplicated',
  [ErrorCodes.duplicateInterrupted]:
    'events and the Slack worker: the admin routes are not deduplicated',
  [ErrorCodes.workerUnavailable]: 'the Slack command, told in a 200 answer the user reads',
  [ErrorCodes.idempotencyUnavailable]:
    'events and the Slack worker: the admin routes are not deduplicated',
};

/** What the Slack route answers with an error status (after its signature is verified, only 200). */
const answeredBySlackRoute = [
  ErrorCodes.badSlackSignature,
  ErrorCodes.bodyTooLarge,
  ErrorCodes.unexpected,
  ErrorCodes.misconfigured,
  ErrorCodes.secretUnavailable,
];

/** Every `BCSGW` code a route's documented responses give an example of, by status. */
const documentedCodes = (route: { responses: Record<string, unknown> }) =>
  Object.entries(route.responses).flatMap(([status, response]) =>
    Object.values(deref<OpenApiResponse>(response as OpenApiResponse).content ?? {}).flatMap(
      (media) =>
        Object.values(media.examples ?? {})
          .map((example) => (example.value as { error_code?: unknown }).error_code)
          .filter((code): code is string => typeof code === 'string' && code.startsWith('BCSGW.'))
          .map((code) => ({ status, code })),
    ),
  );

const schemaOf = (name: string): JsonSchema => openapi.components.schemas[name] ?? false;
const bodyProperty = (route: AdminRoute, name: string): Record<string, number> =>
  deref(
    (deref(route.body) as { properties: Record<string, JsonSchema> }).properties[name],
  ) as Record<string, number>;

describe('docs/openapi.json', () => {
  it('is OpenAPI 3.1, at the version of package.json', () => {
    // Prepare
    const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      version: string;
    };

    // Assess
    expect(openapi.openapi).toMatch(/^3\.1\.\d+$/);
    expect(openapi.info.version).toBe(version);
  });

  it('describes exactly the HTTP routes serverless.yml deploys', () => {
    // Prepare
    const yml = readFileSync(join(root, 'serverless.yml'), 'utf8');
    const events = [...yml.matchAll(/- httpApi:\s*\n\s*method: (\w+)\s*\n\s*path: (\S+)/g)];

    // Act
    const deployed = events.map(([, method, path]) => `${method?.toUpperCase()} ${path}`);
    const documented = Object.entries(openapi.paths).flatMap(([path, item]) =>
      Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`),
    );

    // Assess
    expect(events).toHaveLength(yml.match(/- httpApi:/g)?.length ?? 0);
    expect(documented.sort()).toEqual(deployed.sort());
  });

  it('serves each admin route with the operation whose BCS request has that path', () => {
    // Act
    const served = adminRoutes.map((route) => [route.path, route.operation.name]);

    // Assess
    expect(served).toEqual([
      ['/v2/{project_id}/members/quit', 'quit-consortium'],
      [
        '/v2/{project_id}/blockchains/{blockchain_id}/{channel_id}/orgs/quit',
        'remove-channel-orgs',
      ],
    ]);
  });

  describe.each(adminRoutes.map((route) => [route.path, route] as const))('PUT %s', (_, route) => {
    it("names the path's parameters as the path does, and as the code's path schema requires", () => {
      // Prepare
      const inPath = [...route.path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]);
      const issues = safeParse(route.operation.schema, { ...route.valid(), path: {} });

      // Act
      const documented = route.parameters
        .filter((parameter) => parameter.in === 'path')
        .map((parameter) => [parameter.name, parameter.required]);
      const required = issues.success ? [] : issues.issues.map((issue) => issue.path[1]);

      // Assess
      expect(documented).toEqual(inPath.map((name) => [name, true]));
      expect(required).toEqual(inPath);
    });

    it('requires exactly the body fields the code requires, and refuses any other, as the code does', () => {
      // Prepare
      const body = deref(route.body) as {
        required: string[];
        properties: object;
        additionalProperties: boolean;
      };
      const parsed = safeParse(route.operation.schema, { ...route.valid(), body: {} });
      const required = parsed.success ? [] : parsed.issues.map((issue) => String(issue.path[1]));
      const withExtra = { ...route.valid(), body: { ...route.valid().body, extra: 'x' } };

      // Assess
      expect(route.document.requestBody.required).toBe(true);
      expect(Object.keys(route.document.requestBody.content)).toEqual(['application/json']);
      expect([...body.required].sort()).toEqual(required.sort());
      expect(Object.keys(body.properties).sort()).toEqual(required.sort());
      expect(body.additionalProperties).toBe(false);
      expect(codeAccepts(route, withExtra)).toBe(false);
      expect(documentAccepts(route.body, withExtra.body)).toBe(false);
      expect(documentAccepts(route.body, route.valid().body)).toBe(true);
    });

    it("bounds every string of the path and the body where the code's schema does", () => {
      // Prepare
      const fields = [
        ...Object.keys(route.valid().path).map((name) => ['path', name] as const),
        ...Object.entries(route.valid().body)
          .filter(([, value]) => typeof value === 'string')
          .map(([name]) => ['body', name] as const),
      ];

      // Act
      const bounds = fields.map(([part, name]) => {
        const schema =
          part === 'path'
            ? deref(route.parameters.find((parameter) => parameter.name === name)?.schema ?? false)
            : bodyProperty(route, name);
        const { minLength, maxLength } = schema as { minLength: number; maxLength: number };
        const accepts = (length: number) => {
          const input = route.valid();
          input[part][name] = 'a'.repeat(length);
          return codeAccepts(route, input);
        };
        return [
          minLength,
          maxLength,
          accepts(minLength - 1),
          accepts(minLength),
          accepts(maxLength),
          accepts(maxLength + 1),
        ];
      });

      // Assess
      expect(bounds.length).toBeGreaterThan(0);
      for (const bound of bounds)
        expect(bound).toEqual([1, MAX_FIELD_LENGTH, false, true, true, false]);
    });

    it("gives X-Auth-Token the code's rules, and leaves it optional", () => {
      // Prepare
      const header = route.parameters.find((parameter) => parameter.name === 'X-Auth-Token');
      const schema = header?.schema ?? false;
      const withToken = (token: string) => ({ ...route.valid(), 'X-Auth-Token': token });
      const samples = [
        '',
        'a',
        'a'.repeat(MAX_TOKEN_LENGTH),
        'a'.repeat(MAX_TOKEN_LENGTH + 1),
        ' a',
        'a b',
        'é',
      ];

      // Act
      const judged = samples.map((token) => [
        documentAccepts(schema, token),
        codeAccepts(route, withToken(token)),
      ]);

      // Assess
      expect(header).toMatchObject({ in: 'header', required: false });
      expect(codeAccepts(route, route.valid())).toBe(true);
      expect(judged).toEqual(
        samples.map((_, i) => (i === 1 || i === 2 || i === 5 ? [true, true] : [false, false])),
      );
    });

    it('answers every status the code can, each BCSGW code under its own status', () => {
      // Act
      const codes = documentedCodes(route.document);

      // Assess
      for (const { status, code } of codes)
        expect(String(statusOf(code as `BCSGW.${number}`))).toBe(status);
      const expected = Object.values(ErrorCodes).filter(
        (code) => !(code in notAnsweredByAdminRoutes),
      );
      expect([...new Set(codes.map(({ code }) => code))].sort()).toEqual(expected.sort());
    });
  });

  it("gives org_names the code's count and uniqueness rules", () => {
    // Prepare
    const route = adminRoutes.find(
      (candidate) => candidate.operation.name === 'remove-channel-orgs',
    );
    if (route === undefined) throw new Error('no remove-channel-orgs route');
    const orgNames = bodyProperty(route, 'org_names');
    const names = (count: number) => Array.from({ length: count }, (_, i) => `org${i}`);
    const lists = [[], names(1), names(MAX_ORG_NAMES), names(MAX_ORG_NAMES + 1), ['org', 'org']];

    // Act
    const judged = lists.map((list) => [
      documentAccepts(route.body, { org_names: list }),
      codeAccepts(route, { ...route.valid(), body: { org_names: list } }),
    ]);

    // Assess
    expect(orgNames).toMatchObject({ minItems: 1, maxItems: MAX_ORG_NAMES, uniqueItems: true });
    expect(judged).toEqual([
      [false, false],
      [true, true],
      [true, true],
      [false, false],
      [false, false],
    ]);
  });

  it('lists what the Slack route answers with an error status, and no code that is not ours', () => {
    // Prepare
    const slack = openapi.paths['/slack/commands']?.post;
    const ours: readonly string[] = Object.values(ErrorCodes);

    // Act
    const codes = slack === undefined ? [] : documentedCodes(slack);

    // Assess
    expect(slack?.security).toEqual([]);
    for (const { status, code } of codes)
      expect(String(statusOf(code as `BCSGW.${number}`))).toBe(status);
    expect([...new Set(codes.map(({ code }) => code))].sort()).toEqual(
      [...answeredBySlackRoute].sort(),
    );
    for (const code of Object.keys(notAnsweredByAdminRoutes)) expect(ours).toContain(code);
  });

  it('bounds error_code and error_msg as every error of ours is shaped, and its examples fit', () => {
    // Prepare
    const error = schemaOf('Error');
    const messages = ['', 'x', 'a'.repeat(512), 'a'.repeat(5000)];

    // Act
    const bodies = Object.values(ErrorCodes).flatMap((code) =>
      messages.map((message) => errorBody(new GatewayError(code, message))),
    );
    const examples = Object.values(openapi.paths)
      .flatMap((item) => Object.values(item))
      .flatMap((operation) => documentedCodes(operation));

    // Assess
    expect(error).toMatchObject({
      required: ['error_code', 'error_msg'],
      properties: {
        error_code: { type: 'string', minLength: 8, maxLength: 36 },
        error_msg: { type: 'string', minLength: 2, maxLength: 512 },
      },
    });
    for (const body of bodies)
      expect(documentAccepts(error, body), JSON.stringify(body)).toBe(true);
    expect(examples.length).toBeGreaterThan(0);
  });

  it('has every example error fit the schema of the response it is in', () => {
    // Prepare
    const media = Object.values(openapi.paths)
      .flatMap((item) => Object.values(item))
      .flatMap((operation) => Object.values(operation.responses))
      .flatMap((response) => Object.values(deref<OpenApiResponse>(response).content ?? {}));

    // Act
    const misfits = media.flatMap(({ schema, example, examples }) =>
      [
        ...(example === undefined ? [] : [example]),
        ...Object.values(examples ?? {}).map((e) => e.value),
      ].filter((value) => !documentAccepts(schema, value)),
    );

    // Assess
    expect(media.length).toBeGreaterThan(0);
    expect(misfits).toEqual([]);
  });

  describe("the 200 bodies are BCS's", () => {
    let sim: Simulator;
    beforeAll(async () => {
      sim = await startSimulator();
    });
    afterAll(() => sim.stop());

    it.each([
      ['/v2/{project_id}/members/quit', exampleRequests.quitConsortium],
      [
        '/v2/{project_id}/blockchains/{blockchain_id}/{channel_id}/orgs/quit',
        exampleRequests.removeChannelOrgs,
      ],
    ])('PUT %s: the answer of the simulated BCS fits', async (path, request) => {
      // Prepare
      const token = await signIn(sim);
      const ok = deref<OpenApiResponse>(
        openapi.paths[path]?.put?.responses['200'] ?? { description: '' },
      );

      // Act
      const answer = await bcs(sim, 'PUT', request.path, { token, body: request.body });

      // Assess
      expect(answer.status).toBe(200);
      expect(documentAccepts(ok.content?.['application/json']?.schema ?? false, answer.body)).toBe(
        true,
      );
      expect(
        documentAccepts(ok.content?.['application/json']?.schema ?? false, { operation: 'x' }),
      ).toBe(false);
    });
  });
});
