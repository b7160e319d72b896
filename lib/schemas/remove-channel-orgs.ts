import * as v from 'valibot';
import { bodyString, exactObject, MAX_ORG_NAMES, pathSegment } from './field-rules.ts';

/**
 * The body of "remove organizations from a channel": `{"org_names": [...]}`, mandatory
 * (seed page 003). Our rules: 1 to {@link MAX_ORG_NAMES} names, each a valid string, no name twice.
 */
export const removeChannelOrgsBody = exactObject({
  org_names: v.pipe(
    v.array(bodyString(), 'must be an array of organization names'),
    v.minLength(1, 'must name at least one organization'),
    v.maxLength(MAX_ORG_NAMES, `must name at most ${MAX_ORG_NAMES} organizations`),
    v.rawCheck(({ dataset, addIssue }) => {
      const names = dataset.value;
      if (!Array.isArray(names)) return; // already reported as 'must be an array'
      const seen = new Set<unknown>();
      names.forEach((name, index) => {
        if (seen.has(name)) {
          addIssue({
            message: 'repeats an organization named earlier',
            path: [{ type: 'array', origin: 'value', input: names, key: index, value: name }],
          });
        }
        seen.add(name);
      });
    }),
  ),
});

export const removeChannelOrgsPath = exactObject({
  project_id: pathSegment(),
  blockchain_id: pathSegment(),
  channel_id: pathSegment(),
});

export interface RemoveChannelOrgsInput {
  path: { project_id: string; blockchain_id: string; channel_id: string };
  body: { org_names: string[] };
}
