import { describe, expect, it } from 'vitest';
import { readTrustedSources } from '../../../lib/config/event-sources.ts';

describe('readTrustedSources', () => {
  it('trusts every source when ALLOWED_EVENT_SOURCES is unset or holds no source', () => {
    // Prepare
    const environments = [{}, { ALLOWED_EVENT_SOURCES: '' }, { ALLOWED_EVENT_SOURCES: ' , ' }];

    // Act
    const trusted = environments.map(readTrustedSources);

    // Assess
    expect(trusted).toEqual([undefined, undefined, undefined]);
  });

  it('trusts exactly the listed sources, spaces around commas ignored', () => {
    // Prepare
    const env = { ALLOWED_EVENT_SOURCES: 'bcs-offboard.requests, acme.hr ,' };

    // Act
    const trusted = readTrustedSources(env);

    // Assess
    expect(trusted).toEqual(new Set(['bcs-offboard.requests', 'acme.hr']));
  });
});
