/**
 * The examples `npm start` prints, as data, in the order printed: start.ts renders them as
 * commands to paste, and test/scripts/demo-examples.test.ts runs exactly that text, in that
 * order, against the same pieces. Each acts on organizations or a consortium channel of its
 * own (`defaultSeed.samples`), so none undoes another.
 *
 * Together they tell the story of an offboarding: a request is accepted, the tracker follows
 * the operation (its look-ups are printed by `npm start`), its `BCS Offboarding Ended` event
 * and Slack post appear, and ListOpRecord, last, answers how each operation ended.
 */
import { defaultSeed, type ExampleRequest, exampleRequests } from '../simulator/seed.ts';

/** Who the example speaks as: an admin over HTTP, a Slack user, an offboarding workflow. */
export type DemoCaller = 'http' | 'slack' | 'events';

/** A request to a route of the local gateway, printed as a `curl`. */
export interface CurlExample {
  caller: 'http';
  title: string;
  method: ExampleRequest['method'] | 'GET';
  /** The gateway's URL and the route's path (and query). */
  url: string;
  /** The JSON body of a `PUT`; none for a `GET`. */
  body?: ExampleRequest['body'];
}

/** A run of one of the sample scripts, printed as `npx node <script> <options> <args>`. */
export interface ScriptExample {
  caller: 'slack' | 'events';
  title: string;
  script: 'scripts/slack-sample.ts' | 'scripts/event-sample.ts';
  /** Where to send it (the first line of the printed command). */
  options: string[];
  /** What to send (the second line). */
  args: string[];
  /** Printed to be run twice: the second run shows a duplicate. */
  twice?: true;
}

export type DemoExample = CurlExample | ScriptExample;

const { demo, inviter, samples } = defaultSeed;

/**
 * Every example `npm start` prints, for a gateway at `gatewayUrl` whose Slack worker posts its
 * outcomes to `responseUrl`.
 *
 * @example
 * ```ts
 * demoExamples({ gatewayUrl: 'http://127.0.0.1:3000', responseUrl }).map(renderExample);
 * ```
 */
export const demoExamples = ({
  gatewayUrl,
  responseUrl,
}: {
  gatewayUrl: string;
  responseUrl: string;
}): DemoExample[] => {
  const slack = (title: string, text: string): ScriptExample => ({
    caller: 'slack',
    title,
    script: 'scripts/slack-sample.ts',
    options: ['--gateway', gatewayUrl, '--response-url', responseUrl],
    args: [text],
  });
  const event = (title: string, args: string[]): ScriptExample => ({
    caller: 'events',
    title,
    script: 'scripts/event-sample.ts',
    // Waits for the end event of what BCS accepted, and prints it.
    options: ['--gateway', gatewayUrl, '--until-ended'],
    args,
  });
  const curl = (title: string, { method, path, body }: ExampleRequest): CurlExample => ({
    caller: 'http',
    title,
    method,
    url: `${gatewayUrl}${path}`,
    body,
  });
  const removeOrgs = (orgs: readonly string[]) => JSON.stringify({ org_names: orgs });
  return [
    curl('The invitee quits a consortium', exampleRequests.quitConsortium),
    curl('Remove organizations from a channel', exampleRequests.removeChannelOrgs),
    slack('Slack: the grammar', 'help'),
    slack(
      'Slack: a dry run (validates, shows the BCS request, sends nothing)',
      `remove-orgs channel=${demo.channelName} orgs=${samples.slack.orgs.join(',')} dry-run`,
    ),
    slack(
      'Slack: remove an organization',
      `remove-orgs channel=${demo.channelName} orgs=${samples.slack.orgs.join(',')}`,
    ),
    slack(
      'Slack: our instance quits a consortium',
      `quit-consortium inviter-bcs=${inviter.bcsId} inviter-project=${inviter.projectId} ` +
        `inviter-domain=${inviter.domainId} inviter-user=${inviter.userName} ` +
        `channel=${samples.slack.consortiumChannel}`,
    ),
    {
      ...event(
        'EventBridge: "BCS Remove Channel Orgs Requested" (run it twice: the second is a duplicate)',
        [
          'eventbridge',
          'remove-channel-orgs',
          removeOrgs(samples.eventbridge.orgs),
          '--correlation-id',
          'offboarding-1',
        ],
      ),
      twice: true,
    },
    event('SQS: a batch of one good and one malformed message', [
      'sqs',
      'remove-channel-orgs',
      removeOrgs(samples.sqs.orgs),
      '--malformed',
    ]),
    {
      caller: 'http',
      title: "ListOpRecord: how each operation above ended (add '?operation_id=<id>' for one)",
      method: 'GET',
      url: `${gatewayUrl}/v2/${demo.projectId}/operation/record`,
    },
  ];
};

/** A word as a POSIX shell reads it back: bare when it is safe, else in single quotes. */
export const shellWord = (word: string): string =>
  /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;

/**
 * The example as printed: a `# title` line, then the command, ready to paste into a shell.
 *
 * @example
 * ```ts
 * renderExample({ caller: 'http', title: 'Quit', method: 'PUT', url, body });
 * // "# Quit\ncurl -sS -X PUT http://127.0.0.1:3000/v2/…/members/quit \\\n  -H …"
 * ```
 */
export const renderExample = (example: DemoExample): string => {
  if (example.caller === 'http') {
    const { method, url, body } = example;
    if (body === undefined) return [`# ${example.title}`, `curl -sS ${shellWord(url)}`].join('\n');
    return [
      `# ${example.title}`,
      `curl -sS -X ${method} ${shellWord(url)} \\`,
      `  -H 'Content-Type: application/json' \\`,
      `  -d ${shellWord(JSON.stringify(body))}`,
    ].join('\n');
  }
  return [
    `# ${example.title}`,
    `npx node ${example.script} ${example.options.map(shellWord).join(' ')} \\`,
    `  ${example.args.map(shellWord).join(' ')}`,
  ].join('\n');
};
