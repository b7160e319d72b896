import { describe, expect, it } from 'vitest';
import { admitsEventSource } from '../../../../lib/callers/events/trusted-sources.ts';
import { readTrustedSources } from '../../../../lib/config/event-sources.ts';
import { eventBridgeEvent } from '../../../helpers/aws-events.ts';
import { takeLogs } from '../../../helpers/log-capture.ts';

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

describe('admitsEventSource', () => {
  it('admits an event from a trusted source, logging nothing', () => {
    // Prepare
    const event = { ...eventBridgeEvent('BCS Quit Consortium Requested', {}), source: 'acme.hr' };

    // Act
    const admitted = admitsEventSource(event, new Set(['acme.hr']), 'req-1');

    // Assess
    expect(admitted).toBe(true);
    expect(takeLogs().lines).toEqual([]);
  });

  it('admits any event when no source list is configured', () => {
    // Prepare
    const event = { ...eventBridgeEvent('BCS Quit Consortium Requested', {}), source: 'anyone' };

    // Act
    const admitted = admitsEventSource(event, undefined, 'req-1');

    // Assess
    expect(admitted).toBe(true);
    expect(takeLogs().lines).toEqual([]);
  });

  it('refuses an event from any other source with one error line naming its source and account', () => {
    // Prepare
    const event = {
      ...eventBridgeEvent('BCS Remove Channel Orgs Requested', {}, 'event-9'),
      source: 'intruder.app',
      account: '210987654321',
    };

    // Act
    const admitted = admitsEventSource(event, new Set(['acme.hr']), 'req-2');

    // Assess
    expect(admitted).toBe(false);
    expect(takeLogs().lines).toEqual([
      {
        level: 'error',
        message: 'event refused: its source is not trusted',
        aws_request_id: 'req-2',
        trigger: 'eventbridge',
        source: 'intruder.app',
        account: '210987654321',
        who: { type: 'eventbridge', id: 'intruder.app', account: '210987654321' },
        event_id: 'event-9',
        detail_type: 'BCS Remove Channel Orgs Requested',
        status: 403,
        error_code: 'BCSGW.4030003',
      },
    ]);
  });
});
