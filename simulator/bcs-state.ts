import type { Clock } from './clock.ts';
import {
  type EndOrder,
  type EndOutcome,
  type OperationDelays,
  OperationLog,
  type OperationRecord,
  type OperationStatus,
} from './operation-records.ts';
import type { SeedBlockchain, SimulatorSeed } from './seed.ts';

/** The body of `PUT /v2/{project_id}/members/quit` (all eight fields are mandatory). */
export interface QuitConsortiumBody {
  inviter_bcsid: string;
  inviter_projectid: string;
  inviter_domainid: string;
  inviter_username: string;
  channel_name: string;
  invitee_bcsid: string;
  invitee_projectid: string;
  invitee_domainid: string;
}

/** ListOpRecord's query parameters (all optional), by their meaning. */
export interface RecordFilter {
  operationId?: string;
  blockchainId?: string;
  status?: OperationStatus;
  resourceType?: string;
  operationType?: string;
}

/** A refusal by BCS: the HTTP status and BCS's error code and message. */
export class BcsError extends Error {
  readonly status: number;
  readonly code: string;

  constructor(status: number, code: string, message: string) {
    super(message);
    this.name = 'BcsError';
    this.status = status;
    this.code = code;
  }
}

/**
 * The blockchains, channels and consortium memberships of one simulator, and its operation records.
 *
 * An operation changes the channels at once; one that fails or stops later is undone then.
 *
 * @example
 * const state = new BcsState(structuredClone(defaultSeed), systemClock, DEFAULT_OPERATION_DELAYS);
 * state.removeOrgs(projectId, blockchainId, 'channel', ['org3']); // the operation id
 */
export class BcsState {
  readonly #blockchains: SeedBlockchain[];
  readonly #accountNames: ReadonlyMap<string, string>;
  readonly #operations: OperationLog;

  /** Takes ownership of `seed` (pass a copy). */
  constructor(seed: SimulatorSeed, clock: Clock, delays: OperationDelays) {
    this.#blockchains = seed.blockchains;
    this.#accountNames = new Map(seed.accounts.map((a) => [a.domainId, a.domainName]));
    this.#operations = new OperationLog(clock, delays);
  }

  /** Every operation record as it stands now, in order of acceptance. */
  records(): OperationRecord[] {
    return this.#operations.list();
  }

  /** Fails or stops an operation now, or the next one accepted (see `EndOrder`). */
  endOperation(order: EndOrder): EndOutcome {
    return this.#operations.end(order);
  }

  /** The invitee instance leaves the inviter's consortium channel. */
  quitConsortium(projectId: string, body: QuitConsortiumBody): string {
    this.#operations.settle();
    if (body.invitee_projectid !== projectId) {
      throw new BcsError(403, 'BCS.4030403', `forbidden to project ${body.invitee_projectid}`);
    }
    const inviter = this.#blockchains.find(
      (b) => b.id === body.inviter_bcsid && b.projectId === body.inviter_projectid,
    );
    // inviter_username is the inviter's account name (Huawei: 帐号名), known from its IAM account.
    if (
      inviter === undefined ||
      inviter.domainId !== body.inviter_domainid ||
      this.#accountNames.get(inviter.domainId) !== body.inviter_username
    ) {
      throw new BcsError(400, 'BCS.4001011', 'The service does not exist or has been deleted');
    }
    const channel = inviter.channels.find((c) => c.name === body.channel_name);
    if (channel === undefined) throw new BcsError(400, 'BCS.4006012', 'Invalid channel name');
    const index = channel.members.findIndex(
      (m) =>
        m.bcsId === body.invitee_bcsid &&
        m.projectId === body.invitee_projectid &&
        m.domainId === body.invitee_domainid,
    );
    if (index < 0) throw new BcsError(400, 'BCS.4006003', 'Invalid Parameter notification status');
    const [member] = channel.members.splice(index, 1);
    const invitee = this.#blockchains.find((b) => b.id === body.invitee_bcsid);
    return this.#operations.accept({
      type: '03',
      domainId: body.invitee_domainid,
      projectId,
      blockchainId: body.invitee_bcsid,
      blockchainName: invitee?.name ?? '',
      desc: `quit consortium channel ${channel.name} of ${inviter.name}`,
      undo: () => {
        if (member !== undefined) channel.members.push(member);
      },
    });
  }

  /** Removes every named org from the channel, or none when one of them is not in it. */
  removeOrgs(
    projectId: string,
    blockchainId: string,
    channelName: string,
    orgNames: readonly string[],
  ): string {
    this.#operations.settle();
    const blockchain = this.#blockchains.find(
      (b) => b.id === blockchainId && b.projectId === projectId,
    );
    if (blockchain === undefined) {
      throw new BcsError(400, 'BCS.4001011', 'The service does not exist or has been deleted');
    }
    const channel = blockchain.channels.find((c) => c.name === channelName);
    if (channel === undefined) throw new BcsError(400, 'BCS.4006012', 'Invalid channel name');
    const missing = orgNames.find((org) => !channel.orgs.includes(org));
    if (missing !== undefined) {
      throw new BcsError(400, 'BCS.4001051', `Input org ${missing} is not exist`);
    }
    channel.orgs = channel.orgs.filter((org) => !orgNames.includes(org));
    return this.#operations.accept({
      type: '06',
      domainId: blockchain.domainId,
      projectId,
      blockchainId: blockchain.id,
      blockchainName: blockchain.name,
      desc: `remove orgs ${orgNames.join(',')} from channel ${channel.name}`,
      undo: () => {
        channel.orgs.push(...orgNames.filter((org) => !channel.orgs.includes(org)));
      },
    });
  }

  /** The project's records as they stand now, filtered by whichever query fields are given. */
  findRecords(projectId: string, filter: RecordFilter): OperationRecord[] {
    return this.records().filter(
      (r) =>
        r.project_id === projectId &&
        (filter.operationId === undefined || r.operation_id === filter.operationId) &&
        (filter.blockchainId === undefined || r.blockchain_id === filter.blockchainId) &&
        (filter.status === undefined || r.operation_status === filter.status) &&
        (filter.resourceType === undefined || r.resource_type === filter.resourceType) &&
        (filter.operationType === undefined || r.operation_type === filter.operationType),
    );
  }
}
