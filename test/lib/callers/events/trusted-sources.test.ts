import { describe, expect, it } from 'vitest';
import { admitsEventSource } from '../../../../lib/callers/events/trusted-sources.ts';
import { eventBridgeEvent } from '../../../helpers/aws-events.ts';
import { takeLogs } from '../../../helpers/log-capture.ts';

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
