import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { auditTargetIfValid } from '../../../lib/logging/audit.ts';
import { quitConsortium } from '../../../lib/operations/quit-consortium.ts';
import { removeChannelOrgs } from '../../../lib/operations/remove-channel-orgs.ts';
import {
  QUIT_BODY_FIELDS,
  REMOVE_ORGS_PATH_FIELDS,
  validOrgNames,
  validQuitBody,
  validSegment,
} from '../../helpers/operation-inputs.ts';

/** The fields a target may name, by operation: its path's and its body's, nothing else. */
const fieldsOf = {
  'quit-consortium': ['project_id', ...QUIT_BODY_FIELDS],
  'remove-channel-orgs': [...REMOVE_ORGS_PATH_FIELDS, 'org_names'],
};

describe('auditTargetIfValid', () => {
  it('names only the fields of the operation, for any input whatever', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(quitConsortium, removeChannelOrgs),
        fc.anything(),
        fc.anything(),
        (operation, path, body) => {
          // Act
          const target = auditTargetIfValid(operation.schema, { path, body });

          // Assess
          if (target !== undefined) {
            const allowed = fieldsOf[operation.name as keyof typeof fieldsOf];
            expect(Object.keys(target).every((key) => allowed.includes(key))).toBe(true);
          }
        },
      ),
    );
  });

  it('gives exactly the path and body of any valid input', () => {
    fc.assert(
      fc.property(
        fc.record({
          project_id: validSegment(),
          blockchain_id: validSegment(),
          channel_id: validSegment(),
        }),
        validOrgNames(),
        validQuitBody(),
        (path, orgNames, quitBody) => {
          // Act
          const removed = auditTargetIfValid(removeChannelOrgs.schema, {
            path,
            body: { org_names: orgNames },
          });
          const quit = auditTargetIfValid(quitConsortium.schema, {
            path: { project_id: path.project_id },
            body: quitBody,
          });

          // Assess
          expect(removed).toEqual({ ...path, org_names: orgNames });
          expect(quit).toEqual({ project_id: path.project_id, ...quitBody });
        },
      ),
    );
  });
});
