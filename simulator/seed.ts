/** An IAM project: `name` is the region name (`cn-north-4`), `id` 32 lowercase hex characters. */
export interface SeedProject {
  id: string;
  name: string;
}

/** An access key pair for AK/SK request signing; a temporary key also has a security token. */
export interface SeedAccessKey {
  /** The AK, sent in the clear (`Authorization: SDK-HMAC-SHA256 Access=<AK>, ...`). */
  access: string;
  /** The SK: it only ever keys the HMAC, and never appears in an answer. */
  secret: string;
  /** Temporary keys only: sent, and signed, as `X-Security-Token`. */
  securityToken?: string;
}

/** An IAM user who signs in with a password, or signs requests with one of its access keys. */
export interface SeedUser {
  id: string;
  name: string;
  password: string;
  accessKeys?: SeedAccessKey[];
}

/** A Huawei Cloud account (an IAM "domain") with its users and projects. */
export interface SeedAccount {
  domainId: string;
  domainName: string;
  users: SeedUser[];
  projects: SeedProject[];
}

/** A BCS instance that has joined a consortium channel owned by another instance. */
export interface SeedMember {
  bcsId: string;
  projectId: string;
  domainId: string;
}

/** A channel of a BCS instance: its organizations and the invited instances (consortium members). */
export interface SeedChannel {
  name: string;
  orgs: string[];
  members: SeedMember[];
}

/** A BCS instance (a "blockchain"), owned by one project of one account. */
export interface SeedBlockchain {
  id: string;
  name: string;
  projectId: string;
  domainId: string;
  channels: SeedChannel[];
}

/** Everything the simulator starts with (and returns to on `reset()`). */
export interface SimulatorSeed {
  accounts: SeedAccount[];
  blockchains: SeedBlockchain[];
}

/** The seeded ids of one account under readable names. `bcsId` and `blockchainId` are the same id. */
export interface SeedAccountIds {
  domainId: string;
  domainName: string;
  userId: string;
  userName: string;
  password: string;
  projectId: string;
  projectName: string;
  blockchainId: string;
  bcsId: string;
  blockchainName: string;
  channelName: string;
  orgs: readonly string[];
}

/**
 * What each example `npm start` prints acts on. No two examples share an organization or a
 * consortium channel, so every one of them succeeds once against a fresh simulator, in the
 * order printed (`POST /__simulator/reset` brings them all back).
 */
export interface DemoSamples {
  /** The curl examples: these orgs leave the demo channel; the demo quits the inviter's `channel`. */
  http: { orgs: readonly string[]; consortiumChannel: string };
  /** The Slack examples: `remove-orgs` of these orgs, `quit-consortium` of this channel. */
  slack: { orgs: readonly string[]; consortiumChannel: string };
  /** The EventBridge example (run twice: the second delivery is a duplicate). */
  eventbridge: { orgs: readonly string[] };
  /** The SQS example's good message. */
  sqs: { orgs: readonly string[] };
}

/** The default seed, plus readable names for its ids. */
export interface DefaultSeed extends SimulatorSeed {
  /** The account the functions sign in with: the invitee, and owner of a channel with three orgs. */
  demo: SeedAccountIds & {
    otherProjectId: string;
    otherProjectName: string;
    /** A permanent access key pair of the demo user. */
    accessKey: SeedAccessKey;
    /** A temporary access key of the demo user, with its security token. */
    temporaryAccessKey: Required<SeedAccessKey>;
  };
  /** The account that owns the consortia (channels) the demo instance was invited to. */
  inviter: SeedAccountIds & { accessKey: SeedAccessKey };
  samples: DemoSamples;
}

const demo = {
  domainId: 'd3f1a9c27b5e4c08a6f2e91b0c4d7a53',
  domainName: 'bcs-demo',
  userId: '8b2e6f1d4a9c4e7fb0d35a12c6e8f947',
  userName: 'offboard-bot',
  password: 'Sim-Passw0rd!',
  projectId: '0f5c2e8a91d34b6c8e7fa2b1c9d04e36',
  projectName: 'cn-north-4',
  otherProjectId: '6a1d9e4b2c7f4a08b3e5d1f69c2a7e81',
  otherProjectName: 'cn-south-1',
  blockchainId: 'e97ae066-3c1b-4f2a-9d8e-f6bdb4fd3df1',
  bcsId: 'e97ae066-3c1b-4f2a-9d8e-f6bdb4fd3df1',
  blockchainName: 'demo-bcs',
  channelName: 'channel',
  orgs: ['organization', 'organization2', 'org3', 'org4', 'org5'],
  // Huawei's AKs are 20 uppercase letters and digits, SKs 40 characters.
  accessKey: { access: 'SIMDEMOPERMANENTAK01', secret: 'Sim0Demo1Permanent2Secret3Key4ForAkSk567' },
  temporaryAccessKey: {
    access: 'SIMDEMOTEMPORARYAK01',
    secret: 'Sim0Demo1Temporary2Secret3Key4ForAkSk567',
    // Real security tokens are base64 blobs of 1 to 2 KB: a header that size must get through.
    securityToken: `gQ${Buffer.from('bcs-offboard simulator temporary security token of offboard-bot;'.repeat(20)).toString('base64')}`,
  },
};

// Huawei's `inviter_username` is the account name; an account's root user bears that same name.
const inviter = {
  domainId: 'a38c7f2e5d914b6ca0e3b7d8f1c2d374',
  domainName: 'bcs-inviter',
  userId: '4e7a1c9b3f2d4a86b5c0e1d2f3a4b5c6',
  userName: 'bcs-inviter',
  password: 'Inviter-Passw0rd!',
  projectId: 'b45a57c1e9d2436f8a0b4c7d2e1f08a5',
  projectName: 'cn-north-4',
  blockchainId: 'a30962b6-7d4e-4c1a-8b2f-f7ff1a0ec561',
  bcsId: 'a30962b6-7d4e-4c1a-8b2f-f7ff1a0ec561',
  blockchainName: 'inviter-bcs',
  channelName: 'channel',
  orgs: ['inviter-org'],
  accessKey: { access: 'SIMINVITERPERMANENT1', secret: 'Sim0Inviter1Permanent2Secret3Key4AkSk567' },
};

// One of everything per printed example of `npm start` (scripts/demo-examples.ts), in its order.
const samples: DemoSamples = {
  http: { orgs: ['organization', 'organization2'], consortiumChannel: inviter.channelName },
  slack: { orgs: ['org3'], consortiumChannel: 'chatops-channel' },
  eventbridge: { orgs: ['org4'] },
  sqs: { orgs: ['org5'] },
};

// A third consortium member with no IAM account here: it stays in the channel after the demo quits.
const partner: SeedMember = {
  bcsId: '3c8d5e21-9a4f-4b7e-a1d6-2e0f9b8c7d45',
  projectId: 'c2d4e6f80a1b4c3d9e8f7a6b5c4d3e2f',
  domainId: '91e0d8c7b6a54f3e2d1c0b9a8f7e6d5c',
};

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

/**
 * The simulator's default data (frozen; every simulator works on its own deep copy).
 *
 * @example
 * const { projectId, blockchainId, channelName } = defaultSeed.demo;
 * const path = `/v2/${projectId}/blockchains/${blockchainId}/${channelName}/orgs/quit`;
 */
export const defaultSeed: DefaultSeed = deepFreeze({
  demo,
  inviter,
  samples,
  accounts: [
    {
      domainId: demo.domainId,
      domainName: demo.domainName,
      users: [
        {
          id: demo.userId,
          name: demo.userName,
          password: demo.password,
          accessKeys: [demo.accessKey, demo.temporaryAccessKey],
        },
      ],
      projects: [
        { id: demo.projectId, name: demo.projectName },
        { id: demo.otherProjectId, name: demo.otherProjectName },
      ],
    },
    {
      domainId: inviter.domainId,
      domainName: inviter.domainName,
      users: [
        {
          id: inviter.userId,
          name: inviter.userName,
          password: inviter.password,
          accessKeys: [inviter.accessKey],
        },
      ],
      projects: [{ id: inviter.projectId, name: inviter.projectName }],
    },
  ],
  blockchains: [
    {
      id: inviter.blockchainId,
      name: inviter.blockchainName,
      projectId: inviter.projectId,
      domainId: inviter.domainId,
      // The demo instance is a member of two consortium channels: one to quit per caller.
      channels: [samples.http.consortiumChannel, samples.slack.consortiumChannel].map((name) => ({
        name,
        orgs: [...inviter.orgs],
        members: [
          { bcsId: demo.blockchainId, projectId: demo.projectId, domainId: demo.domainId },
          partner,
        ],
      })),
    },
    {
      id: demo.blockchainId,
      name: demo.blockchainName,
      projectId: demo.projectId,
      domainId: demo.domainId,
      channels: [{ name: demo.channelName, orgs: [...demo.orgs], members: [] }],
    },
  ],
});

/** A BCS request that succeeds once against a fresh simulator seeded with `defaultSeed`. */
export interface ExampleRequest {
  method: 'PUT';
  path: string;
  body: Record<string, unknown>;
}

/**
 * Ready-to-send requests for both operations (path relative to the BCS endpoint).
 *
 * @example
 * const { path, body } = exampleRequests.removeChannelOrgs;
 * await fetch(sim.url + path, { method: 'PUT', headers, body: JSON.stringify(body) });
 */
export const exampleRequests: {
  quitConsortium: ExampleRequest;
  removeChannelOrgs: ExampleRequest;
} = deepFreeze({
  quitConsortium: {
    method: 'PUT',
    path: `/v2/${demo.projectId}/members/quit`,
    body: {
      inviter_bcsid: inviter.bcsId,
      inviter_projectid: inviter.projectId,
      inviter_domainid: inviter.domainId,
      inviter_username: inviter.domainName,
      channel_name: samples.http.consortiumChannel,
      invitee_bcsid: demo.bcsId,
      invitee_projectid: demo.projectId,
      invitee_domainid: demo.domainId,
    },
  },
  removeChannelOrgs: {
    method: 'PUT',
    path: `/v2/${demo.projectId}/blockchains/${demo.blockchainId}/${demo.channelName}/orgs/quit`,
    body: { org_names: [...samples.http.orgs] },
  },
});
