/**
 * docs/openapi.json as the tests read it, and each admin route next to the operation the code
 * serves it with, so that the document's rules can be held to the code's schemas.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AnyOperation } from '../../lib/operations/catalogue.ts';
import { operationsByName } from '../../lib/operations/catalogue.ts';
import { safeParse } from '../../lib/schemas/schema.ts';
import { exampleRequests } from '../../simulator/seed.ts';
import { type JsonSchema, resolveIn, schemaAccepts } from './json-schema-subset.ts';
import { root } from './serverless.ts';

/** The parts of an OpenAPI document the tests read. */
export interface OpenApiParameter {
  name: string;
  in: string;
  required?: boolean;
  schema: JsonSchema;
}
export interface OpenApiResponse {
  description: string;
  content?: Record<
    string,
    { schema: JsonSchema; example?: unknown; examples?: Record<string, { value: unknown }> }
  >;
}
export interface OpenApiOperation {
  operationId: string;
  security?: unknown[];
  parameters: ({ $ref: string } | OpenApiParameter)[];
  requestBody: { required: boolean; content: Record<string, { schema: JsonSchema }> };
  responses: Record<string, OpenApiResponse | { $ref: string }>;
}
export interface OpenApiDocument {
  openapi: string;
  info: { version: string };
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: { schemas: Record<string, JsonSchema> };
}

export const openapi = JSON.parse(
  readFileSync(join(root, 'docs', 'openapi.json'), 'utf8'),
) as OpenApiDocument;

const resolve = resolveIn(openapi);

/** Follows a `$ref` (if it is one) to what it names in the document. */
export const deref = <T>(value: T | { $ref: string }): T =>
  typeof value === 'object' && value !== null && '$ref' in value && typeof value.$ref === 'string'
    ? (resolve(value.$ref) as T)
    : (value as T);

/** Whether the document's `schema` takes `value`. */
export const documentAccepts = (schema: JsonSchema, value: unknown): boolean =>
  schemaAccepts(schema, value, resolve);

/** An admin route of the document, the operation the code serves it with, and a valid input. */
export interface AdminRoute {
  path: string;
  operation: AnyOperation;
  document: OpenApiOperation;
  parameters: OpenApiParameter[];
  body: JsonSchema;
  /** A valid input: the simulator's example request, as the function reads it. */
  valid: () => { path: Record<string, string>; body: Record<string, unknown> };
}

/** The path parameters of `path` read off the route's `template`; undefined when it does not match. */
const pathParameters = (template: string, path: string): Record<string, string> | undefined => {
  const names = [...template.matchAll(/\{(\w+)\}/g)].map((match) => match[1] as string);
  const values = new RegExp(`^${template.replace(/\{\w+\}/g, '([^/]+)')}$`).exec(path)?.slice(1);
  return (
    values &&
    Object.fromEntries(names.map((name, i) => [name, decodeURIComponent(values[i] ?? '')]))
  );
};

/**
 * Every path of the document with a `put`, served by the code's operation whose BCS request
 * has that very path for the simulator's example request (the admin routes mirror BCS).
 */
export const adminRoutes: AdminRoute[] = Object.entries(openapi.paths).flatMap(([path, item]) => {
  const document = item.put;
  if (document === undefined) return [];
  const served = Object.values(exampleRequests).flatMap((request) => {
    const parameters = pathParameters(path, request.path);
    if (parameters === undefined) return [];
    const input = { path: parameters, body: request.body };
    return Object.values<AnyOperation>(operationsByName)
      .filter((operation) => {
        const parsed = safeParse(operation.schema, input);
        return parsed.success && operation.toBcsRequest(parsed.output).path === request.path;
      })
      .map((operation) => ({ operation, input }));
  });
  const [only, ...others] = served;
  if (only === undefined || others.length > 0) {
    throw new Error(`PUT ${path}: ${served.length} operations of the code serve it, not 1`);
  }
  return [
    {
      path,
      operation: only.operation,
      document,
      parameters: document.parameters.map((parameter) => deref<OpenApiParameter>(parameter)),
      body: document.requestBody.content['application/json']?.schema ?? false,
      valid: () => structuredClone(only.input),
    },
  ];
});

/** Whether the code's schema takes `input` (the function would send it to BCS). */
export const codeAccepts = (route: AdminRoute, input: unknown): boolean =>
  safeParse(route.operation.schema, input).success;
