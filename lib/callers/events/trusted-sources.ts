import type { EventBridgeEvent } from 'aws-lambda';
import * as ErrorCodes from '../../errors/error-codes.ts';
import { statusOf } from '../../errors/gateway-error.ts';
import type { Who } from '../../logging/audit.ts';
import { logLine } from '../../logging/log.ts';

/**
 * Whether `event` may ask for an operation. The EventBridge rule already matches only the
 * trusted sources; this is the second line, for an event that reaches the function another way
 * (a rule edited by hand, a direct `lambda:Invoke`). A refused event is logged as an error with
 * its source and account, and nothing else: it is not run, not retried and not published (an
 * outcome under a correlation id the sender chose could mislead the workflow waiting on it).
 *
 * @example
 * ```ts
 * if (!admitsEventSource(event, trustedEventSources(config), context.awsRequestId)) return;
 * ```
 */
export const admitsEventSource = (
  event: Pick<EventBridgeEvent<string, unknown>, 'source' | 'account' | 'id' | 'detail-type'>,
  trusted: ReadonlySet<string> | undefined,
  awsRequestId: string,
): boolean => {
  if (trusted === undefined || trusted.has(event.source)) return true;
  logLine('error', 'event refused: its source is not trusted', {
    aws_request_id: awsRequestId,
    trigger: 'eventbridge',
    source: event.source,
    account: event.account,
    who: { type: 'eventbridge', id: event.source, account: event.account } satisfies Who,
    event_id: event.id,
    detail_type: event['detail-type'],
    status: statusOf(ErrorCodes.untrustedEventSource),
    error_code: ErrorCodes.untrustedEventSource,
  });
  return false;
};
