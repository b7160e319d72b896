import { afterEach, describe, expect, it, vi } from 'vitest';
import { allowedProjectIds, configFrom } from '../../../lib/config/config.ts';
import { readUpstreamConfig } from '../../../lib/config/upstream-config.ts';
import { GatewayError } from '../../../lib/errors/gateway-error.ts';
import { closedPort } from '../../helpers/closed-port.ts';

/** What readUpstreamConfig threw for `env`; fails the test when it did not throw a GatewayError. */
const configError = (env: NodeJS.ProcessEnv): GatewayError => {
  try {
    readUpstreamConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(GatewayError);
    return error as GatewayError;
  }
  throw new Error('readUpstreamConfig accepted the environment');
};

const DOCUMENTED_REGIONS = [
  'cn-north-1',
  'cn-north-4',
  'cn-south-1',
  'cn-east-2',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-southeast-3',
  'ap-southeast-4',
];

describe('readUpstreamConfig()', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  describe('endpoints', () => {
    it.each(DOCUMENTED_REGIONS)('derives both default endpoints from the region %s', (region) => {
      // Prepare
      const env = { HUAWEICLOUD_REGION: region };

      // Act
      const config = readUpstreamConfig(env);

      // Assess
      expect(config.bcsEndpoint).toBe(`https://bcs.${region}.myhuaweicloud.com`);
      expect(config.iamEndpoint).toBe(`https://iam.${region}.myhuaweicloud.com`);
    });

    it('lets BCS_ENDPOINT and IAM_ENDPOINT override the region', () => {
      // Prepare
      const env = {
        HUAWEICLOUD_REGION: 'cn-north-4',
        BCS_ENDPOINT: 'https://bcs.private.example.com',
        IAM_ENDPOINT: 'https://iam.myhuaweicloud.com/',
      };

      // Act
      const config = readUpstreamConfig(env);

      // Assess
      expect(config.bcsEndpoint).toBe('https://bcs.private.example.com');
      expect(config.iamEndpoint).toBe('https://iam.myhuaweicloud.com');
    });

    it('takes the endpoint it is not given from the region', () => {
      // Prepare
      const env = { HUAWEICLOUD_REGION: 'ap-southeast-1', BCS_ENDPOINT: 'https://bcs.example.com' };

      // Act
      const config = readUpstreamConfig(env);

      // Assess
      expect(config.bcsEndpoint).toBe('https://bcs.example.com');
      expect(config.iamEndpoint).toBe('https://iam.ap-southeast-1.myhuaweicloud.com');
    });

    it('needs no region when both endpoints are given', () => {
      // Prepare
      const env = {
        BCS_ENDPOINT: 'https://bcs.example.com',
        IAM_ENDPOINT: 'https://iam.example.com',
      };

      // Act
      const config = readUpstreamConfig(env);

      // Assess
      expect(config.bcsEndpoint).toBe('https://bcs.example.com');
    });

    it('keeps a base path and drops trailing slashes', () => {
      // Prepare
      const env = {
        BCS_ENDPOINT: 'https://gateway.example.com/bcs//',
        IAM_ENDPOINT: 'https://gateway.example.com/iam/',
      };

      // Act
      const config = readUpstreamConfig(env);

      // Assess
      expect(config.bcsEndpoint).toBe('https://gateway.example.com/bcs');
      expect(config.iamEndpoint).toBe('https://gateway.example.com/iam');
    });

    it.each(['http://127.0.0.1:4010', 'http://localhost:4010', 'http://[::1]:4010'])(
      'accepts plain http on loopback: %s',
      (url) => {
        // Prepare
        const env = { BCS_ENDPOINT: url, IAM_ENDPOINT: url };

        // Act
        const config = readUpstreamConfig(env);

        // Assess
        expect(config.bcsEndpoint).toBe(url);
        expect(config.iamEndpoint).toBe(url);
      },
    );

    it.each([
      ['BCS_ENDPOINT', 'http://bcs.cn-north-4.myhuaweicloud.com'],
      ['IAM_ENDPOINT', 'http://iam.example.com'],
      ['BCS_ENDPOINT', 'http://10.0.0.5:8080'],
      ['IAM_ENDPOINT', 'ftp://iam.example.com'],
    ])('refuses %s=%s: https is required off loopback', (variable, url) => {
      // Prepare
      const env = { HUAWEICLOUD_REGION: 'cn-north-4', [variable]: url };

      // Act
      const error = configError(env);

      // Assess
      expect(error.errorCode).toBe('BCSGW.5000002');
      expect(error.statusCode).toBe(500);
      expect(error.message).toContain(variable);
      expect(error.message).toContain('https');
    });

    it.each([
      ['not a URL at all', 'bcs.example.com'],
      ['a query', 'https://bcs.example.com/?x=1'],
      ['a fragment', 'https://bcs.example.com/#x'],
    ])('refuses a BCS_ENDPOINT that is %s, naming the variable', (_kind, url) => {
      // Prepare
      const env = { HUAWEICLOUD_REGION: 'cn-north-4', BCS_ENDPOINT: url };

      // Act
      const error = configError(env);

      // Assess
      expect(error.errorCode).toBe('BCSGW.5000002');
      expect(error.message).toContain('BCS_ENDPOINT');
    });

    it('refuses an endpoint carrying user info without repeating it', () => {
      // Prepare
      const env = {
        IAM_ENDPOINT: 'https://admin:hunter2@iam.example.com',
        BCS_ENDPOINT: 'https://bcs.example.com',
      };

      // Act
      const error = configError(env);

      // Assess
      expect(error.message).toContain('IAM_ENDPOINT');
      expect(error.message).not.toContain('hunter2');
      expect(error.message).not.toContain('admin');
    });
  });

  describe('region', () => {
    it.each([
      'CN-NORTH-4',
      'cn_north_4',
      'cn-north',
      'cn-north-4 ',
      'cn-north-4.evil.com/x',
      'evil.com/cn-north-4',
      'x-cn-north-4',
      'north-4',
    ])('refuses the region %j with BCSGW.5000002 naming HUAWEICLOUD_REGION', (region) => {
      // Prepare
      const env = { HUAWEICLOUD_REGION: region };

      // Act
      const error = configError(env);

      // Assess
      expect(error.errorCode).toBe('BCSGW.5000002');
      expect(error.message).toContain('HUAWEICLOUD_REGION');
    });

    it('accepts a region whose number has several digits: EU-Dublin, its endpoints given', () => {
      // Prepare: Dublin's endpoints are under myhuaweicloud.eu, not the derived .com.
      const env = {
        HUAWEICLOUD_REGION: 'eu-west-101',
        BCS_ENDPOINT: 'https://bcs.eu-west-101.myhuaweicloud.eu',
        IAM_ENDPOINT: 'https://iam.myhuaweicloud.eu',
      };

      // Act
      const config = readUpstreamConfig(env);

      // Assess
      expect(config.bcsEndpoint).toBe('https://bcs.eu-west-101.myhuaweicloud.eu');
    });

    it('accepts a region name of several words: the shape of a region name, not a list of them', () => {
      // Prepare
      const env = { HUAWEICLOUD_REGION: 'xx-north-east-1' };

      // Act
      const config = readUpstreamConfig(env);

      // Assess
      expect(config.iamEndpoint).toBe('https://iam.xx-north-east-1.myhuaweicloud.com');
    });

    it('names HUAWEICLOUD_REGION and BCS_ENDPOINT when neither is set', () => {
      // Prepare
      const env = {};

      // Act
      const error = configError(env);

      // Assess
      expect(error.errorCode).toBe('BCSGW.5000002');
      expect(error.message).toContain('HUAWEICLOUD_REGION');
      expect(error.message).toContain('BCS_ENDPOINT');
    });

    it('names IAM_ENDPOINT when only BCS_ENDPOINT is set', () => {
      // Prepare
      const env = { BCS_ENDPOINT: 'https://bcs.example.com' };

      // Act
      const error = configError(env);

      // Assess
      expect(error.message).toContain('IAM_ENDPOINT');
    });

    it('treats an empty region as no region', () => {
      // Prepare
      const env = { HUAWEICLOUD_REGION: '' };

      // Act
      const error = configError(env);

      // Assess
      expect(error.message).toContain('Set HUAWEICLOUD_REGION or BCS_ENDPOINT');
    });
  });

  describe('ALLOWED_PROJECT_IDS', () => {
    it.each([
      ['unset', undefined],
      ['empty', ''],
      ['blank', '   '],
    ])('allows every project when %s', (_kind, value) => {
      // Prepare
      const env = { HUAWEICLOUD_REGION: 'cn-north-4', ALLOWED_PROJECT_IDS: value };

      // Act
      const config = configFrom(env);

      // Assess
      expect(allowedProjectIds(config)).toBeUndefined();
    });

    it('reads a comma-separated list, trimming spaces and skipping empty items', () => {
      // Prepare
      const env = {
        HUAWEICLOUD_REGION: 'cn-north-4',
        ALLOWED_PROJECT_IDS:
          ' 0f5c2e8a91d34b6c8e7fa2b1c9d04e36, 6a1d9e4b2c7f4a08b3e5d1f69c2a7e81 ,,',
      };

      // Act
      const config = configFrom(env);

      // Assess
      expect(allowedProjectIds(config)).toEqual(
        new Set(['0f5c2e8a91d34b6c8e7fa2b1c9d04e36', '6a1d9e4b2c7f4a08b3e5d1f69c2a7e81']),
      );
    });

    it('reads a single project', () => {
      // Prepare
      const env = { HUAWEICLOUD_REGION: 'cn-north-4', ALLOWED_PROJECT_IDS: 'p1' };

      // Act
      const config = configFrom(env);

      // Assess
      expect(allowedProjectIds(config)).toEqual(new Set(['p1']));
    });
  });

  describe('credentials', () => {
    it('reads the service credentials from the environment when no secret is named', async () => {
      // Prepare
      const env = {
        HUAWEICLOUD_REGION: 'cn-north-4',
        HUAWEICLOUD_DOMAIN_NAME: 'bcs-demo',
        HUAWEICLOUD_USER_NAME: 'offboard-bot',
        HUAWEICLOUD_PASSWORD: 'Sim-Passw0rd!',
      };

      // Act
      const credentials = await readUpstreamConfig(env).credentials.get(AbortSignal.timeout(1000));

      // Assess
      expect(credentials).toEqual({
        domainName: 'bcs-demo',
        userName: 'offboard-bot',
        password: 'Sim-Passw0rd!',
      });
    });

    it('has no credentials when neither a secret nor the variables are set', async () => {
      // Prepare
      const env = { HUAWEICLOUD_REGION: 'cn-north-4' };

      // Act
      const credentials = await readUpstreamConfig(env).credentials.get(AbortSignal.timeout(1000));

      // Assess
      expect(credentials).toBeUndefined();
    });

    it('prefers the Secrets Manager secret over the variables when one is named', async () => {
      // Prepare
      const port = await closedPort();
      vi.stubEnv('AWS_ENDPOINT_URL', `http://127.0.0.1:${port}`);
      vi.stubEnv('AWS_REGION', 'us-east-1');
      vi.stubEnv('AWS_ACCESS_KEY_ID', 'testing');
      vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'testing');
      const env = {
        HUAWEICLOUD_REGION: 'cn-north-4',
        HUAWEICLOUD_CREDENTIALS_SECRET: 'bcs-offboard/credentials',
        HUAWEICLOUD_DOMAIN_NAME: 'bcs-demo',
        HUAWEICLOUD_USER_NAME: 'offboard-bot',
        HUAWEICLOUD_PASSWORD: 'Sim-Passw0rd!',
      };

      // Act
      const outcome = readUpstreamConfig(env).credentials.get(AbortSignal.timeout(15_000));

      // Assess
      await expect(outcome).rejects.toMatchObject({ errorCode: 'BCSGW.5020004' });
    });
  });
});
