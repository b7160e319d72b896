import type { SeedBlockchain, SimulatorSeed } from './seed.ts';

/**
 * A BCS operation record, shaped like Huawei's `RecordDetailInfo` (`GET .../operation/record`).
 * The simulator applies operations at once, so `operation_status` is always `finished`.
 */
export interface OperationRecord {
  operation_id: string;
  resource_type: 'BCSSVC01';
  operation_type: '03' | '06';
  domain_id: string;
  project_id: string;
  blockchain_id: string;
  blockchain_name: string;
  record_time: number;
  operation_status: 'finished';
  message: string[];
  desc: string;
}

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

let lastSequence = 0n;

// Huawei's ids end in 19 digits (epoch milliseconds and six more); strictly increasing here.
function nextOperationId(type: OperationRecord['operation_type']): string {
  const candidate = BigInt(Date.now()) * 1_000_000n + BigInt(Math.floor(Math.random() * 1000));
  lastSequence = candidate > lastSequence ? candidate : lastSequence + 1n;
  return `BCSSVC01-${type}-${String(lastSequence).padStart(19, '0')}`;
}

/**
 * The blockchains, channels and consortium memberships of one simulator, and its operation records.
 *
 * @example
 * const state = new BcsState(structuredClone(defaultSeed));
 * state.removeOrgs(projectId, blockchainId, 'channel', ['org3']).operation_id;
 */
export class BcsState {
  readonly #blockchains: SeedBlockchain[];
  readonly #accountNames: ReadonlyMap<string, string>;
  readonly #records: OperationRecord[] = [];

  /** Takes ownership of `seed` (pass a copy). */
  constructor(seed: SimulatorSeed) {
    this.#blockchains = seed.blockchains;
    this.#accountNames = new Map(seed.accounts.map((a) => [a.domainId, a.domainName]));
  }

  get records(): readonly OperationRecord[] {
    return this.#records;
  }

  /** The invitee instance leaves the inviter's consortium channel. */
  quitConsortium(projectId: string, body: QuitConsortiumBody): OperationRecord {
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
    channel.members.splice(index, 1);
    const invitee = this.#blockchains.find((b) => b.id === body.invitee_bcsid);
    return this.#record('03', body.invitee_domainid, projectId, {
      id: body.invitee_bcsid,
      name: invitee?.name ?? '',
      desc: `quit consortium channel ${channel.name} of ${inviter.name}`,
    });
  }

  /** Removes every named org from the channel, or none when one of them is not in it. */
  removeOrgs(
    projectId: string,
    blockchainId: string,
    channelName: string,
    orgNames: readonly string[],
  ): OperationRecord {
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
    return this.#record('06', blockchain.domainId, projectId, {
      id: blockchain.id,
      name: blockchain.name,
      desc: `remove orgs ${orgNames.join(',')} from channel ${channel.name}`,
    });
  }

  /** The project's records, filtered by whichever of the query fields are given. */
  findRecords(
    projectId: string,
    filter: { operationId?: string; blockchainId?: string; status?: string },
  ): OperationRecord[] {
    return this.#records.filter(
      (r) =>
        r.project_id === projectId &&
        (filter.operationId === undefined || r.operation_id === filter.operationId) &&
        (filter.blockchainId === undefined || r.blockchain_id === filter.blockchainId) &&
        (filter.status === undefined || r.operation_status === filter.status),
    );
  }

  #record(
    type: OperationRecord['operation_type'],
    domainId: string,
    projectId: string,
    target: { id: string; name: string; desc: string },
  ): OperationRecord {
    const record: OperationRecord = {
      operation_id: nextOperationId(type),
      resource_type: 'BCSSVC01',
      operation_type: type,
      domain_id: domainId,
      project_id: projectId,
      blockchain_id: target.id,
      blockchain_name: target.name,
      record_time: Date.now(),
      operation_status: 'finished',
      message: [],
      desc: target.desc,
    };
    this.#records.push(record);
    return record;
  }
}
