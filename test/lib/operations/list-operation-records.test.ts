import { describe, expect, it } from 'vitest';
import { listOperationRecords } from '../../../lib/operations/list-operation-records.ts';
import { validate } from '../../../lib/schemas/validate.ts';

describe('listOperationRecords', () => {
  it("belongs to the path's project, which the allow-list and AK/SK signing go by", () => {
    // Prepare
    const input = validate(listOperationRecords.schema, {
      path: { project_id: 'p1' },
      query: { operation_id: 'BCSSVC01-06-1' },
    });

    // Act
    const projectId = listOperationRecords.projectId(input);

    // Assess
    expect(projectId).toBe('p1');
  });

  it('is sent as a GET of that project with the query given', () => {
    // Prepare
    const input = validate(listOperationRecords.schema, {
      path: { project_id: 'p1' },
      query: { operation_id: 'BCSSVC01-06-1' },
    });

    // Act
    const request = listOperationRecords.toBcsRequest(input);

    // Assess
    expect(request).toMatchObject({
      method: 'GET',
      projectId: 'p1',
      path: '/v2/p1/operation/record',
      query: 'operation_id=BCSSVC01-06-1',
    });
  });
});
