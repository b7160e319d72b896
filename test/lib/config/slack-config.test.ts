import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkResponseUrl } from '../../../lib/callers/slack/response-url.ts';
import { missingFrom, readSlackConfig, SLACK_ID } from '../../../lib/config/slack-config.ts';

/** A Slack id as Slack writes them: `U024BE7LH`, `T0001`, `W012A3CDE`. */
const slackId = fc.stringMatching(/^[A-Z0-9]{1,32}$/);
/** Text that holds at least one character no Slack id has. */
const notId = fc.string({ minLength: 1 }).filter((text) => /[^A-Z0-9]/.test(text));

describe('readSlackConfig', () => {
  it('allows nobody when SLACK_ALLOWED_USER_IDS is unset or empty', () => {
    // Prepare
    const environments = [{}, { SLACK_ALLOWED_USER_IDS: '' }, { SLACK_ALLOWED_USER_IDS: ' , ' }];

    // Act
    const missing = environments.map((env) => missingFrom(readSlackConfig(env), 'U1', 'T1'));

    // Assess
    expect(missing).toEqual([
      ['SLACK_ALLOWED_USER_IDS'],
      ['SLACK_ALLOWED_USER_IDS'],
      ['SLACK_ALLOWED_USER_IDS'],
    ]);
  });

  it('allows the listed users of any workspace when no team list is set', () => {
    // Prepare
    const config = readSlackConfig({ SLACK_ALLOWED_USER_IDS: ' U1 ,U2' });

    // Act
    const missing = [
      missingFrom(config, 'U1', 'T1'),
      missingFrom(config, 'U2', 'T9'),
      missingFrom(config, 'U3', 'T1'),
    ];

    // Assess
    expect(missing).toEqual([[], [], ['SLACK_ALLOWED_USER_IDS']]);
  });

  it('allows listed users only from the listed workspaces when a team list is set, and says which list lacks them', () => {
    // Prepare
    const config = readSlackConfig({ SLACK_ALLOWED_USER_IDS: 'U1', SLACK_ALLOWED_TEAM_IDS: 'T1' });

    // Act
    const missing = [
      missingFrom(config, 'U1', 'T1'),
      missingFrom(config, 'U1', 'T2'),
      missingFrom(config, 'U2', 'T2'),
    ];

    // Assess
    expect(missing).toEqual([
      [],
      ['SLACK_ALLOWED_TEAM_IDS'],
      ['SLACK_ALLOWED_TEAM_IDS', 'SLACK_ALLOWED_USER_IDS'],
    ]);
  });

  it('reads the defaults, the worker, the status function and the response URL hosts, hooks.slack.com unless told', () => {
    // Prepare
    const env = {
      HUAWEICLOUD_PROJECT_ID: ' p1 ',
      HUAWEICLOUD_DOMAIN_ID: 'd1',
      BCS_INSTANCE_ID: '',
      SLACK_WORKER_FUNCTION_NAME: 'bcs-offboard-dev-slack-worker',
      SLACK_STATUS_FUNCTION_NAME: ' bcs-offboard-dev-slack-status ',
      ALLOWED_PROJECT_IDS: 'p1,p2',
    };

    // Act
    const config = readSlackConfig(env);

    // Assess
    expect(config.defaults).toEqual({ projectId: 'p1', domainId: 'd1', bcsInstanceId: undefined });
    expect(config.workerFunctionName).toBe('bcs-offboard-dev-slack-worker');
    expect(config.statusFunctionName).toBe('bcs-offboard-dev-slack-status');
    expect(readSlackConfig({ SLACK_STATUS_FUNCTION_NAME: ' ' }).statusFunctionName).toBeUndefined();
    expect([...config.responseUrlHosts]).toEqual(['hooks.slack.com']);
    expect([
      ...readSlackConfig({ SLACK_RESPONSE_URL_HOSTS: 'Hooks.Slack.com, 127.0.0.1' })
        .responseUrlHosts,
    ]).toEqual(['hooks.slack.com', '127.0.0.1']);
  });
});

describe('SLACK_ID', () => {
  it('takes Slack ids of 1 to 32 capitals and digits', () => {
    // Prepare
    const ids = ['U024BE7LH', 'T0001', 'W012A3CDE', 'U', 'U'.repeat(32)];

    // Act
    const taken = ids.filter((id) => SLACK_ID.test(id));

    // Assess
    expect(taken).toEqual(ids);
    expect(SLACK_ID.test('U'.repeat(33))).toBe(false);
  });

  it('refuses an id with anything before it or after it', () => {
    fc.assert(
      fc.property(slackId, notId, fc.boolean(), (id, extra, before) => {
        // Prepare
        const text = before ? `${extra}${id}` : `${id}${extra}`;

        // Act
        const taken = SLACK_ID.test(text);

        // Assess
        expect(taken).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it.each(['<@U024BE7LH>', 'xU024BE7LH', 'U024BE7LH ', 'U024BE7LH\n', 'U024BE7LH;T0001'])(
    'refuses %j',
    (text) => {
      // Act
      const taken = SLACK_ID.test(text);

      // Assess
      expect(taken).toBe(false);
    },
  );
});

describe('checkResponseUrl', () => {
  const hosts = new Set(['hooks.slack.com', '127.0.0.1']);

  it.each([
    'https://hooks.slack.com/commands/T1DC2JH3J/397700885554/96rGlfmibIGlgcZRskXaIFfN',
    'http://127.0.0.1:4567/commands/T0/1/local',
  ])('accepts %s', (url) => {
    // Prepare
    const value = url;

    // Act
    const checked = checkResponseUrl(value, hosts);

    // Assess
    expect(checked.href).toBe(url);
  });

  it.each([
    ['plain http to Slack', 'http://hooks.slack.com/commands/T1/1/x'],
    ['another host', 'https://hooks.slack.com.evil.example/commands/T1/1/x'],
    ['the metadata service', 'http://169.254.169.254/latest/meta-data/'],
    ['user info', 'https://user:pass@hooks.slack.com/commands/T1/1/x'],
    ['another scheme', 'file:///etc/passwd'],
    ['no URL', 'hooks.slack.com/commands'],
    ['nothing', undefined],
    ['a number', 42],
  ])('refuses %s', (_, url) => {
    // Prepare
    const value = url;

    // Act
    const check = () => checkResponseUrl(value, hosts);

    // Assess
    expect(check).toThrow('response_url must be an https URL on hooks.slack.com, 127.0.0.1');
  });
});
