import { type NewAccessKey, parseAccessKey } from './access-keys.ts';
import { type Fault, parseFault } from './faults.ts';
import { type IncomingCall, jsonReply, jsonTextReply, type Reply, splitPath } from './http.ts';
import { toJsonText } from './json-text.ts';
import {
  type EndOrder,
  type EndOutcome,
  type EndStatus,
  type OperationRecord,
  parseEndOrder,
} from './operation-records.ts';

/** The prefix of the control API, which is never recorded and never faulted. */
export const CONTROL_PREFIX = '/__simulator/';

/** What the control API can do to a running simulator. */
export interface ControlTarget {
  inject(fault: Fault): void;
  clearFaults(): void;
  expireTokens(): void;
  addAccessKey(key: NewAccessKey): void;
  resetLockouts(): void;
  reset(): void;
  readonly requests: readonly { aksk?: { verified: boolean } }[];
  operations(): readonly OperationRecord[];
  endOperation(order: EndOrder): EndOutcome;
  signInCount(): number;
}

const noContent: Reply = { status: 204, headers: {}, body: '' };

function badRequest(error: unknown): Reply {
  return jsonReply(400, { error: (error as Error).message });
}

function stats(target: ControlTarget): Reply {
  const signed = target.requests.filter((request) => request.aksk !== undefined);
  const akskVerified = signed.filter((request) => request.aksk?.verified).length;
  return jsonReply(200, {
    signIns: target.signInCount(),
    requests: target.requests.length,
    akskVerified,
    akskRefused: signed.length - akskVerified,
  });
}

function endOperation(call: IncomingCall, target: ControlTarget, status: EndStatus): Reply {
  let order: EndOrder;
  try {
    order = parseEndOrder(JSON.parse(call.body), status);
  } catch (error) {
    return badRequest(error);
  }
  switch (target.endOperation(order)) {
    case 'ended':
    case 'armed':
      return noContent;
    case 'unknown':
      return jsonReply(404, { error: `no operation ${order.operationId}` });
    case 'already-ended':
      return jsonReply(409, { error: `operation ${order.operationId} has already ended` });
  }
}

/**
 * Answers `/__simulator/...`: faults (POST, DELETE), expire-tokens, access-keys (POST),
 * reset-lockouts, reset, requests, operations, operations/fail, operations/stop, stats.
 *
 * @example
 * // POST /__simulator/faults {"service":"bcs","mode":"status","status":503,"times":null}
 * const reply = handleControl(call, simulator);
 */
export function handleControl(call: IncomingCall, target: ControlTarget): Reply {
  const route = `${call.method} ${splitPath(call.path).pathname.slice(CONTROL_PREFIX.length)}`;
  switch (route) {
    case 'POST faults': {
      try {
        target.inject(parseFault(JSON.parse(call.body)));
      } catch (error) {
        return badRequest(error);
      }
      return noContent;
    }
    case 'DELETE faults':
      target.clearFaults();
      return noContent;
    case 'POST expire-tokens':
      target.expireTokens();
      return noContent;
    case 'POST access-keys': {
      try {
        target.addAccessKey(parseAccessKey(JSON.parse(call.body)));
      } catch (error) {
        return badRequest(error);
      }
      return noContent;
    }
    case 'POST reset-lockouts':
      target.resetLockouts();
      return noContent;
    case 'POST reset':
      target.reset();
      return noContent;
    case 'GET requests':
      return jsonReply(200, target.requests);
    case 'GET operations':
      return jsonTextReply(200, toJsonText(target.operations()));
    case 'POST operations/fail':
      return endOperation(call, target, 'failed');
    case 'POST operations/stop':
      return endOperation(call, target, 'stop');
    case 'GET stats':
      return stats(target);
    default:
      return jsonReply(404, { error: `no control endpoint ${route}` });
  }
}
