import { createHash } from 'node:crypto';
import type { Clock } from './clock.ts';

/** The five values of ListOpRecord's `operation_status`. */
export const OPERATION_STATUSES = ['waiting', 'processing', 'finished', 'failed', 'stop'] as const;

/** `finished` is success, `stop` an interrupted operation. */
export type OperationStatus = (typeof OPERATION_STATUSES)[number];

/** How an operation can be ended early (control API): `failed`, or `stop` (interrupted). */
export type EndStatus = 'failed' | 'stop';

/**
 * When an accepted operation moves on, in milliseconds of the simulator's clock after it was
 * accepted: `processing` then `finished` (at least `processing`).
 */
export interface OperationDelays {
  processing: number;
  finished: number;
}

/** The default delays: long enough for a caller to see every status, short enough for a demo. */
export const DEFAULT_OPERATION_DELAYS: OperationDelays = { processing: 1000, finished: 4000 };

/** One sub-step of a step; times are epoch nanoseconds, 0 until the sub-step starts or ends. */
export type OperationSubStep = {
  substep_name: string;
  status: OperationStatus;
  detail: string | null;
  message: string | null;
  start_time: bigint;
  end_time: bigint;
  serial_num: number;
};

/** One step of `operation_process`, keyed by its name there. */
export type OperationStep = {
  step_name: string;
  status: OperationStatus;
  detail: string;
  sub_steps: Record<string, OperationSubStep>;
  serial_num: number;
};

/**
 * A BCS operation record, shaped like Huawei's `RecordDetailInfo` (`GET .../operation/record`),
 * as it stands at one moment. Step times are bigints: write it with `toJsonText`. (A type, not
 * an interface, so that it is a `BigJson`.)
 */
export type OperationRecord = {
  operation_id: string;
  resource_type: 'BCSSVC01';
  /** `06` remove orgs (Huawei's example); `03` quit a consortium (our choice, undocumented). */
  operation_type: '03' | '06';
  domain_id: string;
  project_id: string;
  blockchain_id: string;
  blockchain_name: string;
  cluster_info: { cluster_type: 'cce'; name: string; cluster_id: string; node_infos: null };
  operation_process: Record<string, OperationStep>;
  /** Epoch milliseconds of acceptance. */
  record_time: number;
  operation_status: OperationStatus;
  message: string[];
  desc: string;
};

/** What an accepted operation is about; `undo` puts back what it changed (run if it fails). */
export interface NewOperation {
  type: OperationRecord['operation_type'];
  domainId: string;
  projectId: string;
  blockchainId: string;
  blockchainName: string;
  desc: string;
  undo: () => void;
}

/**
 * An order to end operations early: the one named by `operationId`, or (`next: true`) the next
 * one accepted, which then ends with `status` when it would have finished.
 */
export type EndOrder = { status: EndStatus; message?: string } & (
  | { operationId: string; next?: undefined }
  | { next: true; operationId?: undefined }
);

/** What an `EndOrder` did: `ended`, `armed` (next), `unknown` id, or `already-ended`. */
export type EndOutcome = 'ended' | 'armed' | 'unknown' | 'already-ended';

interface Ending {
  status: EndStatus;
  at: number;
  message: string;
}

interface Entry {
  operation: NewOperation;
  id: string;
  acceptedAt: number;
  /** Odd: doubles near 10^18 are multiples of 256, so JSON.parse must round every step time. */
  jitterNs: bigint;
  ending?: Ending;
  undone: boolean;
}

const DEFAULT_MESSAGES: Record<EndStatus, string> = {
  failed: 'The operation failed (simulated)',
  stop: 'The operation was stopped (simulated)',
};

// Our names for the steps; Huawei's example shows only "Preparation".
const WORK_STEP: Record<OperationRecord['operation_type'], [step: string, subStep: string]> = {
  '03': ['Quit consortium', 'Update consortium channel configuration'],
  '06': ['Remove organizations', 'Update channel configuration'],
};

let lastSequence = 0n;

// Huawei's ids end in 19 digits (epoch milliseconds and six more); strictly increasing here.
function nextOperationId(type: OperationRecord['operation_type'], now: number): string {
  const candidate = BigInt(now) * 1_000_000n + BigInt(Math.floor(Math.random() * 1000));
  lastSequence = candidate > lastSequence ? candidate : lastSequence + 1n;
  return `BCSSVC01-${type}-${String(lastSequence).padStart(19, '0')}`;
}

// A stable, UUID-shaped id per blockchain: the seed names no cluster.
function clusterId(blockchainId: string): string {
  const hex = createHash('sha256').update(`cce:${blockchainId}`).digest('hex');
  return [
    hex.slice(0, 8),
    hex.slice(8, 12),
    hex.slice(12, 16),
    hex.slice(16, 20),
    hex.slice(20, 32),
  ].join('-');
}

interface PlannedStep {
  step: string;
  subStep: string;
  /** Epoch milliseconds, as planned; an early end cuts them short. */
  start: number;
  end: number;
}

interface StepState {
  status: OperationStatus;
  start?: number;
  end?: number;
  message: string | null;
}

// The step an early end interrupts: the first one not done by then (the last, if all were).
function failingStep(plan: readonly PlannedStep[], endAt: number): number {
  const index = plan.findIndex((p) => p.end > endAt);
  return index < 0 ? plan.length - 1 : index;
}

function stepState(
  planned: PlannedStep,
  index: number,
  at: { now: number; endAt: number; ended: boolean; failing: number },
  ending: Ending | undefined,
): StepState {
  const done: StepState = {
    status: 'finished',
    start: planned.start,
    end: planned.end,
    message: null,
  };
  if (at.ended && ending !== undefined) {
    if (index < at.failing) return done;
    if (index > at.failing) return { status: 'waiting', message: null };
    const start = Math.min(planned.start, at.endAt);
    return { status: ending.status, start, end: at.endAt, message: ending.message };
  }
  if (at.ended || at.now >= planned.end) return done;
  if (at.now >= planned.start) return { status: 'processing', start: planned.start, message: null };
  return { status: 'waiting', message: null };
}

/**
 * Throws a TypeError naming the problem unless `value` is a valid control-API end order body:
 * `{"operation_id": "..."}` or `{"next": true}`, with an optional `"message"`.
 *
 * @example
 * parseEndOrder(JSON.parse('{"next": true, "message": "peer unreachable"}'), 'failed');
 */
export function parseEndOrder(value: unknown, status: EndStatus): EndOrder {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TypeError('the body must be a JSON object');
  }
  const { operation_id: operationId, next, message } = value as Record<string, unknown>;
  if (message !== undefined && (typeof message !== 'string' || message === '')) {
    throw new TypeError('message must be a non-empty string');
  }
  const base = message === undefined ? { status } : { status, message };
  if (next === true && operationId === undefined) return { ...base, next };
  if (next === undefined && typeof operationId === 'string' && operationId !== '') {
    return { ...base, operationId };
  }
  throw new TypeError('give either "operation_id" (a non-empty string) or "next": true');
}

/**
 * The operation records of one simulator. An accepted operation is `waiting`, then
 * `processing`, then `finished`, at the delays given, on the simulator's clock; an end order
 * makes it `failed` or `stop` instead, and undoes what it changed.
 *
 * @example
 * const log = new OperationLog(() => now, { processing: 1000, finished: 4000 });
 * const id = log.accept({ type: '06', ..., undo: () => {} });
 * now += 4000;
 * log.list()[0]?.operation_status; // 'finished'
 */
export class OperationLog {
  readonly #clock: Clock;
  readonly #delays: OperationDelays;
  readonly #entries: Entry[] = [];
  #armed: { status: EndStatus; message: string } | undefined;

  constructor(clock: Clock, delays: OperationDelays) {
    this.#clock = clock;
    this.#delays = delays;
  }

  /** Records a newly accepted operation and returns its id. */
  accept(operation: NewOperation): string {
    const now = this.#clock();
    const entry: Entry = {
      operation,
      id: nextOperationId(operation.type, now),
      acceptedAt: now,
      jitterNs: BigInt(Math.floor(Math.random() * 499_000) * 2 + 1),
      undone: false,
    };
    if (this.#armed !== undefined) {
      entry.ending = { ...this.#armed, at: now + this.#delays.finished };
      this.#armed = undefined;
    }
    this.#entries.push(entry);
    return entry.id;
  }

  /** Ends an operation now, or arms the end of the next one accepted. */
  end(order: EndOrder): EndOutcome {
    const message = order.message ?? DEFAULT_MESSAGES[order.status];
    if (order.next === true) {
      this.#armed = { status: order.status, message };
      return 'armed';
    }
    const entry = this.#entries.find((e) => e.id === order.operationId);
    if (entry === undefined) return 'unknown';
    const now = this.#clock();
    if (now >= this.#endAt(entry)) return 'already-ended';
    entry.ending = { status: order.status, message, at: now };
    this.#settle(now);
    return 'ended';
  }

  /**
   * Every record as it stands now, in order of acceptance. Operations that failed or stopped
   * by now have been undone first, so the channels agree with the records.
   */
  list(): OperationRecord[] {
    const now = this.#clock();
    this.#settle(now);
    return this.#entries.map((entry) => this.#snapshot(entry, now));
  }

  /** Undoes, once, the operations that failed or stopped by now. */
  settle(): void {
    this.#settle(this.#clock());
  }

  #settle(now: number): void {
    for (const entry of this.#entries) {
      if (entry.ending !== undefined && !entry.undone && now >= entry.ending.at) {
        entry.undone = true;
        entry.operation.undo();
      }
    }
  }

  #endAt(entry: Entry): number {
    return entry.ending?.at ?? entry.acceptedAt + this.#delays.finished;
  }

  #snapshot(entry: Entry, now: number): OperationRecord {
    const { operation, acceptedAt, ending } = entry;
    const endAt = this.#endAt(entry);
    const ended = now >= endAt;
    const processingAt = acceptedAt + this.#delays.processing;
    const finishAt = acceptedAt + this.#delays.finished;
    const middle = processingAt + Math.floor((finishAt - processingAt) / 2);
    const ns = (ms: number): bigint => BigInt(ms) * 1_000_000n + entry.jitterNs;
    const [workStep, workSubStep] = WORK_STEP[operation.type];
    const plan = [
      {
        step: 'Preparation',
        subStep: 'Check parameters',
        start: Math.min(processingAt, endAt),
        end: middle,
      },
      { step: workStep, subStep: workSubStep, start: middle, end: finishAt },
    ];
    const failing = ended && ending !== undefined ? failingStep(plan, endAt) : -1;
    const steps: Record<string, OperationStep> = {};
    plan.forEach((p, index) => {
      const { status, start, end, message } = stepState(
        p,
        index,
        { now, endAt, ended, failing },
        ending,
      );
      const serial = index + 1;
      steps[p.step] = {
        step_name: p.step,
        status,
        detail: '',
        sub_steps: {
          [p.subStep]: {
            substep_name: p.subStep,
            status,
            detail: null,
            message,
            start_time: start === undefined ? 0n : ns(start),
            end_time: end === undefined ? 0n : ns(end),
            serial_num: serial,
          },
        },
        serial_num: serial,
      };
    });
    return {
      operation_id: entry.id,
      resource_type: 'BCSSVC01',
      operation_type: operation.type,
      domain_id: operation.domainId,
      project_id: operation.projectId,
      blockchain_id: operation.blockchainId,
      blockchain_name: operation.blockchainName,
      cluster_info: {
        cluster_type: 'cce',
        name: `${operation.blockchainName}-cce`,
        cluster_id: clusterId(operation.blockchainId),
        node_infos: null,
      },
      operation_process: steps,
      record_time: acceptedAt,
      operation_status: ended
        ? (ending?.status ?? 'finished')
        : now >= processingAt
          ? 'processing'
          : 'waiting',
      message: ended && ending !== undefined ? [ending.message] : [],
      desc: operation.desc,
    };
  }
}
