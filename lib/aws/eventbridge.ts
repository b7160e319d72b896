import type { AwsOperation } from './aws-client.ts';

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

/**
 * EventBridge `PutEvents`. EventBridge may answer 200 with failed entries (`FailedEntryCount > 0`,
 * each with an `ErrorCode`): that is a failure. The entries that failed with `InternalFailure`
 * or `ThrottlingException` are sent again, alone, per the retry policy; when any entry is still
 * failed, the `AwsError` is named after the first to resend, else after one failed for good;
 * its `body` is the last answer. Resolves once every entry is accepted.
 *
 * @example
 * ```ts
 * await putEvents(aws, { Entries: [{ EventBusName, Source: 'bcs-offboard', DetailType, Detail }] }, signal);
 * ```
 */
export const putEvents: AwsOperation<{ Entries: PutEventsRequestEntry[] }, void> = async (
  client,
  { Entries },
  signal,
  options,
) => {
  /** The entries the next attempt sends. */
  let pending = Entries;
  /** The code of an entry that failed for good, once one has. */
  let failed: string | undefined;
  await client.call<Partial<PutEventsOutput>>(
    {
      service: 'events',
      operation: 'AWSEvents.PutEvents',
      get body() {
        return JSON.stringify({ Entries: pending });
      },
      // Stryker disable next-line ArrayDeclaration: an item that is no entry has no ErrorCode either.
      check: ({ Entries: answered = [] }) => {
        let retried: string | undefined;
        const resend: PutEventsRequestEntry[] = [];
        pending.forEach((entry, at) => {
          const code = answered[at]?.ErrorCode;
          // Only these are worth sending again: any other code would fail again.
          if (/^(InternalFailure|ThrottlingException)$/.test(`${code}`)) {
            retried ||= code;
            resend.push(entry);
          } else failed ||= code;
        });
        pending = resend;
        return retried || failed;
      },
    },
    signal,
    options,
  );
};
