import { describe, expect, it } from 'vitest';
import type { BcsRequest } from '../../../lib/bcs/requests.ts';
import { projectOperation } from '../../../lib/operations/operation.ts';
import { exactObject, safeParse, string } from '../../../lib/schemas/schema.ts';

const path = exactObject({ project_id: string('must be a string') });
const body = exactObject({ name: string('must be a string') });
const toBcsRequest = ({ path, body }: { path: { project_id: string }; body: { name: string } }) =>
  ({
    method: 'PUT',
    projectId: path.project_id,
    path: `/v2/${path.project_id}/x`,
    body: body.name,
  }) satisfies BcsRequest;

describe('projectOperation', () => {
  it("checks the path, the body and an optional caller token, and acts in the path's project", () => {
    // Prepare
    const operation = projectOperation('rename', path, body, toBcsRequest);
    const raw = { path: { project_id: 'p1' }, body: { name: 'n' }, 'X-Auth-Token': 'token' };

    // Act
    const parsed = safeParse(operation.schema, raw);
    const withoutToken = safeParse(operation.schema, { path: raw.path, body: raw.body });

    // Assess
    expect(parsed).toEqual({ success: true, output: raw });
    expect(withoutToken.success).toBe(true);
    expect(parsed.success && operation.projectId(parsed.output)).toBe('p1');
    expect(parsed.success && operation.toBcsRequest(parsed.output).path).toBe('/v2/p1/x');
    expect(operation.name).toBe('rename');
  });

  it('reports a bad path, a bad body and a bad token together', () => {
    // Prepare
    const operation = projectOperation('rename', path, body, toBcsRequest);

    // Act
    const parsed = safeParse(operation.schema, { path: {}, body: { name: 1 }, 'X-Auth-Token': '' });

    // Assess
    expect(parsed.success).toBe(false);
    expect(parsed.success ? [] : parsed.issues.map((issue) => issue.path.join('.'))).toEqual([
      'path.project_id',
      'body.name',
      'X-Auth-Token',
    ]);
  });
});
