import { type NewAccessKey, parseAccessKey } from './access-keys.ts';
import { type Fault, parseFault } from './faults.ts';
import { type IncomingCall, jsonReply, type Reply, splitPath } from './http.ts';

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
  operations(): readonly unknown[];
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

/**
 * Answers `/__simulator/...`: faults (POST, DELETE), expire-tokens, access-keys (POST),
 * reset-lockouts, reset, requests, operations, stats.
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
      return jsonReply(200, target.operations());
    case 'GET stats':
      return stats(target);
    default:
      return jsonReply(404, { error: `no control endpoint ${route}` });
  }
}
