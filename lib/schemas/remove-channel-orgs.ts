import { bodyString, MAX_ORG_NAMES, pathSegment } from './field-rules.ts';
import { array, exactObject, lazy } from './schema.ts';

/** The indexes of the items equal to an earlier one: `['a', 'b', 'a']` gives `[2]`. */
const repeatedIndexes = (items: readonly unknown[]): number[] => {
  const seen = new Set<unknown>();
  const repeated: number[] = [];
  // Stryker disable next-line EqualityOperator: the extra step reads undefined, and this rule runs only once every item is a string.
  for (let index = 0; index < items.length; index++) {
    if (seen.has(items[index])) repeated.push(index);
    seen.add(items[index]);
  }
  return repeated;
};

/**
 * The body of "remove organizations from a channel": `{"org_names": [...]}`, mandatory
 * (seed page 003). Our rules: 1 to {@link MAX_ORG_NAMES} names, each a valid string, no name twice.
 */
export const removeChannelOrgsBody = /* @__PURE__ */ lazy(() =>
  exactObject({
    org_names: array(bodyString(), 'must be an array of organization names', {
      rules: [
        [(names) => names.length >= 1, 'must name at least one organization'],
        [
          (names) => names.length <= MAX_ORG_NAMES,
          `must name at most ${MAX_ORG_NAMES} organizations`,
        ],
      ],
      items: [[repeatedIndexes, 'repeats an organization named earlier']],
    }),
  }),
);

export const removeChannelOrgsPath = /* @__PURE__ */ lazy(() =>
  exactObject({
    project_id: pathSegment(),
    blockchain_id: pathSegment(),
    channel_id: pathSegment(),
  }),
);

export interface RemoveChannelOrgsInput {
  path: { project_id: string; blockchain_id: string; channel_id: string };
  body: { org_names: string[] };
}
