import type { EventBridgeEvent } from 'aws-lambda';
import { ErrorCodes, statusOf } from '../../errors/error-codes.ts';
import type { Who } from '../../logging/audit.ts';
import { logLine } from '../../logging/log.ts';

/**
 * The EventBridge `source` values allowed to ask for an operation, from `ALLOWED_EVENT_SOURCES`
 * (comma-separated, set by `serverless.yml` from the `eventSources` param). `undefined` when
 * unset or empty: every source is accepted (local runs and tests, where no rule filters).
 *
 * @example
 * ```ts
 * readTrustedSources({ ALLOWED_EVENT_SOURCES: 'bcs-offboard.requests, acme.hr' });
 * // Set { 'bcs-offboard.requests', 'acme.hr' }
 * ```
 */
export const readTrustedSources = (env: NodeJS.ProcessEnv): ReadonlySet<string> | undefined => {
  const sources = (env.ALLOWED_EVENT_SOURCES ?? '')
    .split(',')
    .map((source) => source.trim())
    .filter((source) => source !== '');
  return sources.length > 0 ? new Set(sources) : undefined;
};

let shared: { sources: ReadonlySet<string> | undefined } | undefined;

/**
 * The trusted sources of this Lambda container, read from `process.env` on first use.
 *
 * @example
 * ```ts
 * const trusted = sharedTrustedSources(); // undefined in a local run
 * ```
 */
export const sharedTrustedSources = (): ReadonlySet<string> | undefined => {
  shared ??= { sources: readTrustedSources(process.env) };
  return shared.sources;
};

/**
 * Whether `event` may ask for an operation. The EventBridge rule already matches only the
 * trusted sources; this is the second line, for an event that reaches the function another way
 * (a rule edited by hand, a direct `lambda:Invoke`). A refused event is logged as an error with
 * its source and account, and nothing else: it is not run, not retried and not published (an
 * outcome under a correlation id the sender chose could mislead the workflow waiting on it).
 *
 * @example
 * ```ts
 * if (!admitsEventSource(event, sharedTrustedSources(), context.awsRequestId)) return;
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
