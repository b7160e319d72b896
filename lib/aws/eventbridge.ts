import type { AwsClient, CallOptions } from './aws-client.ts';

export interface PutEventsRequestEntry {
  EventBusName?: string;
  Source?: string;
  DetailType?: string;
  /** A JSON object, as text. */
  Detail?: string;
  Resources?: string[];
  TraceHeader?: string;
}

/** An accepted entry has an `EventId`; a failed one an `ErrorCode` and `ErrorMessage`. */
export interface PutEventsResultEntry {
  EventId?: string;
  ErrorCode?: string;
  ErrorMessage?: string;
}

export interface PutEventsOutput {
  FailedEntryCount: number;
  /** In the order of the entries sent. */
  Entries: PutEventsResultEntry[];
}

/** Entry failures worth sending again; any other code would fail again. */
const RETRIED_ENTRY_ERRORS = new Set(['InternalFailure', 'ThrottlingException']);

/**
 * EventBridge `PutEvents`. EventBridge may answer 200 with failed entries (`FailedEntryCount > 0`,
 * each with an `ErrorCode`): that is a failure. The entries that failed with `InternalFailure`
 * or `ThrottlingException` are sent again, alone, per the retry policy; when any entry is still
 * failed at the end, the `AwsError` is named after one (a retried one first) and its `body` holds
 * every entry's result.
 *
 * @example
 * ```ts
 * await putEvents(aws, { Entries: [{ EventBusName, Source: 'bcs-offboard', DetailType, Detail }] }, signal);
 * ```
 */
export const putEvents = async (
  client: AwsClient,
  { Entries }: { Entries: PutEventsRequestEntry[] },
  signal: AbortSignal,
  options?: CallOptions,
): Promise<PutEventsOutput> => {
  const results: PutEventsResultEntry[] = Entries.map(() => ({}));
  /** The indexes of the entries the next attempt sends. */
  let pending = Entries.map((_, index) => index);
  await client.call(
    {
      service: 'events',
      operation: 'PutEvents',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'AWSEvents.PutEvents',
      },
      get body() {
        return JSON.stringify({ Entries: pending.map((index) => Entries[index]) });
      },
      verify: (answer) => {
        const answered = (answer as Partial<PutEventsOutput>).Entries ?? [];
        pending.forEach((index, at) => {
          results[index] = answered[at] ?? {};
        });
        const failed = results.filter((entry) => entry.ErrorCode);
        if (failed.length === 0) return undefined;
        pending = pending.filter((index) =>
          RETRIED_ENTRY_ERRORS.has(results[index]?.ErrorCode ?? ''),
        );
        const retried = pending[0];
        const named = (
          retried === undefined ? failed[0] : results[retried]
        ) as PutEventsResultEntry;
        return {
          name: named.ErrorCode as string,
          detail: `${failed.length} of ${Entries.length} entries failed${named.ErrorMessage ? `: ${named.ErrorMessage}` : ''}`,
          sent: 'answered',
          body: { FailedEntryCount: failed.length, Entries: results },
        };
      },
    },
    signal,
    options,
  );
  return { FailedEntryCount: 0, Entries: results };
};
