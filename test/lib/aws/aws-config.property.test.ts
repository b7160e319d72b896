import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AwsConfigError, type AwsService, readAwsConfig } from '../../../lib/aws/aws-config.ts';

const SERVICES: [AwsService, string][] = [
  ['dynamodb', 'DYNAMODB'],
  ['sqs', 'SQS'],
  ['events', 'EVENTBRIDGE'],
  ['secretsmanager', 'SECRETS_MANAGER'],
  ['lambda', 'LAMBDA'],
];
const VARIABLES = [
  'AWS_REGION',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_ENDPOINT_URL',
  ...SERVICES.map(([, suffix]) => `AWS_ENDPOINT_URL_${suffix}`),
];

/** An http(s) origin on loopback. */
const origin = fc
  .tuple(fc.constantFrom('http', 'https'), fc.integer({ min: 1, max: 65535 }))
  .map(([scheme, port]) => `${scheme}://127.0.0.1:${port}`);
/** Anything an environment variable may hold, endpoints that are fine included. */
const anyValue = fc.oneof(fc.string(), origin, fc.webUrl(), fc.constantFrom('eu-west-1', ''));

describe('readAwsConfig (properties)', () => {
  it('reads a configuration exactly when the region and both keys are set', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...VARIABLES), anyValue), (env) => {
        // Act
        let outcome: unknown;
        try {
          outcome = readAwsConfig(env);
        } catch (error) {
          outcome = error;
        }

        // Assess
        const complete = Boolean(
          env.AWS_REGION && env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY,
        );
        if (complete) {
          expect(outcome).toMatchObject({
            region: env.AWS_REGION,
            credentials: {
              accessKeyId: env.AWS_ACCESS_KEY_ID,
              secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
              sessionToken: env.AWS_SESSION_TOKEN || undefined,
            },
          });
        } else {
          expect(outcome).toBeInstanceOf(AwsConfigError);
        }
      }),
    );
  });

  it('gives each service a URL or a TypeError, whatever the endpoint variables hold', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...VARIABLES), anyValue), (env) => {
        // Prepare
        const config = readAwsConfig({
          ...env,
          AWS_REGION: 'eu-west-1',
          AWS_ACCESS_KEY_ID: 'AKID',
          AWS_SECRET_ACCESS_KEY: 'secret',
        });

        // Act
        const endpoints = SERVICES.map(([service]) => {
          try {
            return config.endpointOf(service);
          } catch (error) {
            return error;
          }
        });

        // Assess
        for (const endpoint of endpoints) {
          expect(endpoint instanceof URL || endpoint instanceof TypeError).toBe(true);
        }
      }),
    );
  });

  it("gives each service its own endpoint, else the shared one, else AWS's", () => {
    fc.assert(
      fc.property(
        fc.option(origin, { nil: undefined }),
        fc.array(fc.option(origin, { nil: undefined }), {
          minLength: SERVICES.length,
          maxLength: SERVICES.length,
        }),
        (shared, own) => {
          // Prepare
          const env: Record<string, string | undefined> = {
            AWS_REGION: 'ap-southeast-2',
            AWS_ACCESS_KEY_ID: 'AKID',
            AWS_SECRET_ACCESS_KEY: 'secret',
            AWS_ENDPOINT_URL: shared,
          };
          SERVICES.forEach(([, suffix], index) => {
            env[`AWS_ENDPOINT_URL_${suffix}`] = own[index];
          });

          // Act
          const config = readAwsConfig(env);

          // Assess
          SERVICES.forEach(([service], index) => {
            const expected =
              own[index] ?? shared ?? `https://${service}.ap-southeast-2.amazonaws.com`;
            expect(config.endpointOf(service).href).toBe(new URL(expected).href);
          });
        },
      ),
    );
  });
});
