import { describe, expect, it } from 'vitest';
import { checkResponseUrl } from '../../../lib/callers/slack/response-url.ts';
import {
  parseSigningSecret,
  signingSecretFrom,
} from '../../../lib/callers/slack/signing-secret.ts';
import { missingFrom, readSlackConfig } from '../../../lib/config/slack-config.ts';
import { GatewayError } from '../../../lib/errors/gateway-error.ts';

const signal = () => AbortSignal.timeout(1000);

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

describe('signing secret', () => {
  it('comes from SLACK_SIGNING_SECRET when no ARN is set', async () => {
    // Prepare
    const source = signingSecretFrom(
      readSlackConfig({ SLACK_SIGNING_SECRET: 'local-signing-secret' }),
    );

    // Act
    const secret = await source.get(signal());

    // Assess
    expect(secret).toBe('local-signing-secret');
  });

  it('is a configuration error when neither variable is set, and names both', async () => {
    // Prepare
    const source = signingSecretFrom(readSlackConfig({ SLACK_SIGNING_SECRET: '' }));

    // Act
    const reading = source.get(signal());

    // Assess
    await expect(reading).rejects.toThrow(
      'Configuration error: set SLACK_SIGNING_SECRET_ARN or SLACK_SIGNING_SECRET',
    );
  });

  it.each([
    ['plain text', '8f742231b10e8888abcd99yyyzzz85a5\n', '8f742231b10e8888abcd99yyyzzz85a5'],
    ['JSON', '{"signing_secret": "8f742231b10e"}', '8f742231b10e'],
  ])('is read from a secret holding %s', (_, text, expected) => {
    // Prepare
    const secretString = text;

    // Act
    const secret = parseSigningSecret(secretString);

    // Assess
    expect(secret).toBe(expected);
  });

  it.each([
    ['nothing', undefined],
    ['blanks', '  '],
    ['JSON without signing_secret', '{"secret": "abc"}'],
    ['broken JSON', '{"signing_secret": '],
    ['an empty signing_secret', '{"signing_secret": ""}'],
  ])('is refused when the secret holds %s, without echoing it', (_, text) => {
    // Prepare
    const secretString = text;

    // Act
    const parse = () => parseSigningSecret(secretString);

    // Assess
    expect(parse).toThrow(GatewayError);
    expect(parse).toThrow(/^Configuration error: the Slack signing secret is empty/);
  });
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
