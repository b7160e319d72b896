/**
 * What the benchmark needs to invoke each function: a valid event for its trigger and the
 * part of the answer that proves it succeeded. A function of `functions/` not listed here is
 * flagged in the results and only its size is checked: add it here to measure it.
 */

import type { Fault } from '../simulator/index.ts';
import { quitConsortiumEvent, removeChannelOrgsEvent } from '../test/helpers/events.ts';

export interface BenchTarget {
  /** A fresh, valid event for one invocation (sent to the measured process as JSON). */
  event: () => unknown;
  /** A subset of the handler's answer that every invocation must match. */
  expect: Record<string, unknown>;
}

const httpOk = { statusCode: 200 };

export const benchTargets: Record<string, BenchTarget> = {
  'http-quit-consortium': { event: () => quitConsortiumEvent(), expect: httpOk },
  'http-remove-channel-orgs': { event: () => removeChannelOrgsEvent(), expect: httpOk },
};

/** The floor handles remove-channel-orgs (bench/floor/index.mjs). */
export const floorTarget: BenchTarget = { event: () => removeChannelOrgsEvent(), expect: httpOk };

/**
 * BCS answers every call with a constant success (its documented 200 bodies), so that every
 * invocation does the same work however many times the operation was already applied. IAM
 * is the simulator's own, real sign-in.
 */
export const bcsAnswers: Fault[] = [
  {
    service: 'bcs',
    match: '/orgs/quit',
    mode: 'status',
    status: 200,
    body: '{"operation_id":"BCSSVC01-06-1624275286218943067"}',
    times: Number.POSITIVE_INFINITY,
  },
  {
    service: 'bcs',
    match: '/members/quit',
    mode: 'status',
    status: 200,
    body: '{"result":"success","operation_id":"BCSSVC01-03-1617158790255323683"}',
    times: Number.POSITIVE_INFINITY,
  },
];
