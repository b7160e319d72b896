import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { AccessKeyStore, type NewAccessKey } from './access-keys.ts';
import type { AkskCheck } from './aksk.ts';
import { handleBcs } from './bcs.ts';
import { BcsState } from './bcs-state.ts';
import { type Clock, systemClock } from './clock.ts';
import { CONTROL_PREFIX, handleControl } from './control.ts';
import { type Fault, FaultQueue, faultReply, type Service } from './faults.ts';
import { jsonReply, type Reply, readCall, sendReply, splitPath } from './http.ts';
import { handleIam } from './iam.ts';
import {
  DEFAULT_OPERATION_DELAYS,
  type EndOrder,
  type EndOutcome,
  type OperationDelays,
  type OperationRecord,
} from './operation-records.ts';
import { defaultSeed, type SimulatorSeed } from './seed.ts';
import { TokenStore } from './tokens.ts';

export type { NewAccessKey } from './access-keys.ts';
export type { AkskCheck } from './aksk.ts';
export type { Clock } from './clock.ts';
export type { Fault, Service } from './faults.ts';
export type {
  EndOrder,
  EndOutcome,
  OperationDelays,
  OperationRecord,
  OperationStatus,
} from './operation-records.ts';
export { DEFAULT_OPERATION_DELAYS, OPERATION_STATUSES } from './operation-records.ts';
export * from './seed.ts';

/** Options of `startSimulator`. */
export interface StartSimulatorOptions {
  /** Port on 127.0.0.1; default 0 (any free port). */
  port?: number;
  /** Lifetime of issued IAM tokens; default 24 hours. */
  tokenTtlMs?: number;
  /** The data to start with (deep-copied); default `defaultSeed`. */
  seed?: SimulatorSeed;
  /** The time of token lifetimes, the X-Sdk-Date window and AK/SK lockouts; default the wall clock. */
  clock?: Clock;
  /**
   * When an accepted operation turns `processing`, then `finished`, in ms of `clock` after it
   * was accepted; default `DEFAULT_OPERATION_DELAYS` (1 s, 4 s). `{ processing: 0, finished: 0 }`
   * finishes every operation at once.
   */
  operationDelaysMs?: OperationDelays;
}

/** A request the simulator received (the control API excepted). */
export interface RecordedRequest {
  service: Service;
  method: string;
  /** The raw path and query, as received. */
  path: string;
  /** Lowercase names; repeated headers joined with ', '. */
  headers: Record<string, string>;
  body: string;
  /** For a BCS request signed with AK/SK: what the gateway made of it. */
  aksk?: AkskCheck;
}

/**
 * A running IAM + BCS simulator.
 *
 * @example
 * sim.inject({ service: 'iam', mode: 'hang' });
 * // ...call the function under test, then:
 * expect(sim.signInCount()).toBe(1);
 */
export interface Simulator {
  /** `http://127.0.0.1:<port>`: both the IAM and the BCS endpoint. */
  readonly url: string;
  /** Every request received, in order (faulted ones too, the control API excepted). */
  readonly requests: readonly RecordedRequest[];
  /** The `POST /v3/auth/tokens` requests received, successful or not. */
  signInCount(): number;
  /** The BCS requests whose AK/SK signature the gateway verified (see `requests[i].aksk`). */
  akskVerifiedCount(): number;
  /** Adds an access key (to the seed's first user unless `userId` says otherwise); gone on reset(). */
  addAccessKey(key: NewAccessKey): void;
  /** Lifts every AK/SK lockout and forgets every run of bad signatures. */
  resetLockouts(): void;
  /** Queues a fault; the first queued fault matching a request applies. */
  inject(fault: Fault): void;
  clearFaults(): void;
  /** Every token issued so far expires now (BCS then answers 401 BCS.4010401). */
  expireTokens(): void;
  /** The IAM tokens issued since the last reset, expired ones included (to prove none leaks). */
  issuedTokens(): readonly string[];
  /** Back to the seed; requests, faults, tokens, added keys, lockouts and counters cleared. */
  reset(): void;
  /** The operation records created so far, as ListOpRecord would show them now. */
  operations(): readonly OperationRecord[];
  /**
   * Fails or stops an operation now (undoing what it changed), or arms the next one accepted
   * to end so when it would have finished.
   */
  endOperation(order: EndOrder): EndOutcome;
  /** Closes the server and destroys every open socket, hanging requests included. */
  stop(): Promise<void>;
}

// Huawei's API gateway refuses bodies over 12 MB (APIGW.0201, 413).
const MAX_BODY_BYTES = 12 * 1024 * 1024;
const DAY_MS = 24 * 60 * 60 * 1000;

function tooLargeReply(service: Service): Reply {
  return service === 'bcs'
    ? jsonReply(413, { error_code: 'APIGW.0201', error_msg: 'Request entity too large' })
    : jsonReply(413, {
        error: { code: 413, message: 'Request entity too large', title: 'Payload Too Large' },
      });
}

function checkDelays(delays: OperationDelays): OperationDelays {
  const { processing, finished } = delays;
  if (!(processing >= 0 && finished >= processing && Number.isFinite(finished))) {
    throw new RangeError('operationDelaysMs: need 0 <= processing <= finished, both finite');
  }
  return { processing, finished };
}

class RunningSimulator implements Simulator {
  readonly #server: Server;
  readonly #seed: SimulatorSeed;
  readonly #clock: Clock;
  readonly #delays: OperationDelays;
  readonly #tokens: TokenStore;
  readonly #faults = new FaultQueue();
  readonly #requests: RecordedRequest[] = [];
  readonly #sockets = new Set<Socket>();
  readonly #timers = new Set<NodeJS.Timeout>();
  #state: BcsState;
  #accessKeys: AccessKeyStore;
  #signIns = 0;
  #url = '';
  #stopping: Promise<void> | undefined;

  constructor(seed: SimulatorSeed, tokenTtlMs: number, clock: Clock, delays: OperationDelays) {
    this.#seed = seed;
    this.#clock = clock;
    this.#delays = delays;
    this.#tokens = new TokenStore(tokenTtlMs, clock);
    this.#state = this.#freshState();
    this.#accessKeys = new AccessKeyStore(seed.accounts);
    // Huawei takes an X-Auth-Token of up to 32,768 characters: Node's default 16 KiB of headers
    // would refuse one.
    this.#server = createServer({ maxHeaderSize: 64 * 1024 }, (req, res) => {
      this.#handle(req, res).catch(() => {
        sendReply(
          res,
          jsonReply(500, { error_code: 'BCS.5000500', error_msg: 'Internal Server Error' }),
        );
      });
    });
    this.#server.on('connection', (socket) => {
      this.#sockets.add(socket);
      socket.once('close', () => this.#sockets.delete(socket));
    });
  }

  async listen(port: number): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen(port, '127.0.0.1', () => resolve());
    });
    this.#url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  get url(): string {
    return this.#url;
  }

  get requests(): readonly RecordedRequest[] {
    return this.#requests;
  }

  signInCount(): number {
    return this.#signIns;
  }

  akskVerifiedCount(): number {
    return this.#requests.filter((request) => request.aksk?.verified === true).length;
  }

  addAccessKey(key: NewAccessKey): void {
    this.#accessKeys.add(key);
  }

  resetLockouts(): void {
    this.#accessKeys.resetLockouts();
  }

  inject(fault: Fault): void {
    this.#faults.add(fault);
  }

  clearFaults(): void {
    this.#faults.clear();
  }

  expireTokens(): void {
    this.#tokens.expireAll();
  }

  issuedTokens(): readonly string[] {
    return this.#tokens.issued();
  }

  reset(): void {
    this.#state = this.#freshState();
    this.#accessKeys = new AccessKeyStore(this.#seed.accounts);
    this.#requests.length = 0;
    this.#faults.clear();
    this.#tokens.clear();
    this.#signIns = 0;
  }

  operations(): readonly OperationRecord[] {
    return this.#state.records();
  }

  endOperation(order: EndOrder): EndOutcome {
    return this.#state.endOperation(order);
  }

  stop(): Promise<void> {
    this.#stopping ??= new Promise<void>((resolve) => {
      for (const timer of this.#timers) clearTimeout(timer);
      this.#timers.clear();
      this.#server.close(() => resolve());
      for (const socket of this.#sockets) socket.destroy();
    });
    return this.#stopping;
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { call, tooLarge } = await readCall(req, MAX_BODY_BYTES);
    if (call.path.startsWith(CONTROL_PREFIX)) return sendReply(res, handleControl(call, this));
    const service: Service = call.path.startsWith('/v3/') ? 'iam' : 'bcs';
    const { method, path, headers, body } = call;
    const recorded: RecordedRequest = { service, method, path, headers, body };
    this.#requests.push(recorded);
    if (service === 'iam' && call.method === 'POST') {
      if (splitPath(call.path).pathname === '/v3/auth/tokens') this.#signIns += 1;
    }
    const fault = this.#faults.take(service, call.path);
    switch (fault?.mode) {
      case 'reset':
        // An RST, not a FIN: the client sees ECONNRESET.
        req.socket.resetAndDestroy();
        return;
      case 'hang':
        return; // answered never; stop() destroys the socket
      case 'status':
      case 'garbage':
        return sendReply(res, faultReply(fault, service));
    }
    // The operation is applied now; a delay only holds the answer back (as a slow network would).
    const reply = tooLarge
      ? tooLargeReply(service)
      : service === 'iam'
        ? handleIam(call, { accounts: this.#seed.accounts, tokens: this.#tokens })
        : handleBcs(call, {
            state: this.#state,
            tokens: this.#tokens,
            accessKeys: this.#accessKeys,
            clock: this.#clock,
            onAksk: (check) => {
              recorded.aksk = check;
            },
          });
    if (fault?.mode === 'delay') await this.#sleep(fault.delayMs);
    sendReply(res, reply);
  }

  #freshState(): BcsState {
    return new BcsState(structuredClone(this.#seed), this.#clock, this.#delays);
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#timers.delete(timer);
        resolve();
      }, ms);
      this.#timers.add(timer);
    });
  }
}

/**
 * Starts an IAM + BCS simulator on 127.0.0.1. Point both IAM_ENDPOINT and BCS_ENDPOINT at `url`.
 *
 * @example
 * const sim = await startSimulator();
 * process.env.BCS_ENDPOINT = sim.url;
 * process.env.IAM_ENDPOINT = sim.url;
 * // ...
 * await sim.stop();
 */
export async function startSimulator(options: StartSimulatorOptions = {}): Promise<Simulator> {
  const delays = checkDelays(options.operationDelaysMs ?? DEFAULT_OPERATION_DELAYS);
  const seed = structuredClone(options.seed ?? defaultSeed);
  const simulator = new RunningSimulator(
    { accounts: seed.accounts, blockchains: seed.blockchains },
    options.tokenTtlMs ?? DAY_MS,
    options.clock ?? systemClock,
    delays,
  );
  await simulator.listen(options.port ?? 0);
  return simulator;
}
