import { describe, expect, it } from 'vitest';
import { AwsConfigError, readAwsConfig } from '../../../lib/aws/aws-config.ts';

const LAMBDA_ENV = {
  AWS_REGION: 'eu-west-1',
  AWS_ACCESS_KEY_ID: 'ASIAEXAMPLE',
  AWS_SECRET_ACCESS_KEY: 'secret/key+value',
  AWS_SESSION_TOKEN: 'session-token',
};

describe('readAwsConfig', () => {
  it('reads the region and the credentials Lambda sets', () => {
    // Act
    const config = readAwsConfig(LAMBDA_ENV);

    // Assess
    expect(config.region).toBe('eu-west-1');
    expect(config.credentials).toEqual({
      accessKeyId: 'ASIAEXAMPLE',
      secretAccessKey: 'secret/key+value',
      sessionToken: 'session-token',
    });
  });

  it('has no session token when none is set (long-term keys)', () => {
    // Act
    const config = readAwsConfig({ ...LAMBDA_ENV, AWS_SESSION_TOKEN: '' });

    // Assess
    expect(config.credentials.sessionToken).toBeUndefined();
  });

  it("gives each service its regional endpoint, in China's domain for cn-* regions", () => {
    // Act
    const eu = readAwsConfig(LAMBDA_ENV);
    const cn = readAwsConfig({ ...LAMBDA_ENV, AWS_REGION: 'cn-north-1' });

    // Assess
    expect(
      (['dynamodb', 'sqs', 'events', 'secretsmanager', 'lambda'] as const).map(
        (service) => eu.endpointOf(service).href,
      ),
    ).toEqual([
      'https://dynamodb.eu-west-1.amazonaws.com/',
      'https://sqs.eu-west-1.amazonaws.com/',
      'https://events.eu-west-1.amazonaws.com/',
      'https://secretsmanager.eu-west-1.amazonaws.com/',
      'https://lambda.eu-west-1.amazonaws.com/',
    ]);
    expect(cn.endpointOf('events').href).toBe('https://events.cn-north-1.amazonaws.com.cn/');
  });

  it("prefers a service's own AWS_ENDPOINT_URL_<SERVICE> to AWS_ENDPOINT_URL", () => {
    // Act
    const config = readAwsConfig({
      ...LAMBDA_ENV,
      AWS_ENDPOINT_URL: 'http://127.0.0.1:5000',
      AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:5001',
      AWS_ENDPOINT_URL_SQS: 'http://127.0.0.1:5002',
      AWS_ENDPOINT_URL_EVENTBRIDGE: 'http://127.0.0.1:5003',
      AWS_ENDPOINT_URL_SECRETS_MANAGER: 'http://127.0.0.1:5004',
    });

    // Assess
    expect(
      (['dynamodb', 'sqs', 'events', 'secretsmanager', 'lambda'] as const).map(
        (service) => config.endpointOf(service).href,
      ),
    ).toEqual([
      'http://127.0.0.1:5001/',
      'http://127.0.0.1:5002/',
      'http://127.0.0.1:5003/',
      'http://127.0.0.1:5004/',
      'http://127.0.0.1:5000/',
    ]);
  });

  it('uses AWS_ENDPOINT_URL_LAMBDA for Lambda alone', () => {
    // Act
    const config = readAwsConfig({
      ...LAMBDA_ENV,
      AWS_ENDPOINT_URL_LAMBDA: 'http://127.0.0.1:3000',
    });

    // Assess
    expect(config.endpointOf('lambda').href).toBe('http://127.0.0.1:3000/');
    expect(config.endpointOf('dynamodb').href).toBe('https://dynamodb.eu-west-1.amazonaws.com/');
  });

  it('keeps the real region for signing when an endpoint is overridden', () => {
    // Act
    const config = readAwsConfig({ ...LAMBDA_ENV, AWS_ENDPOINT_URL: 'http://127.0.0.1:5000' });

    // Assess
    expect(config.region).toBe('eu-west-1');
  });

  it.each([
    ['AWS_REGION', { ...LAMBDA_ENV, AWS_REGION: undefined }],
    ['AWS_ACCESS_KEY_ID', { ...LAMBDA_ENV, AWS_ACCESS_KEY_ID: '' }],
    ['AWS_SECRET_ACCESS_KEY', { ...LAMBDA_ENV, AWS_SECRET_ACCESS_KEY: undefined }],
  ])('refuses an environment without %s, naming it', (variable, env) => {
    // Act
    const reading = () => readAwsConfig(env);

    // Assess
    expect(reading).toThrow(AwsConfigError);
    expect(reading).toThrow(variable);
    expect(reading).toThrow(expect.objectContaining({ name: 'AwsConfigError' }));
  });

  it('names the three variables it needs when any is missing', () => {
    // Act
    const reading = () => readAwsConfig({});

    // Assess
    expect(reading).toThrow('AWS_REGION, AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY must be set');
  });

  it('refuses an endpoint that is no URL when the service is called, not before', () => {
    // Prepare
    const config = readAwsConfig({ ...LAMBDA_ENV, AWS_ENDPOINT_URL_SQS: 'not a url' });

    // Act
    const sqs = () => config.endpointOf('sqs');

    // Assess
    expect(sqs).toThrow(TypeError);
    expect(config.endpointOf('dynamodb').href).toBe('https://dynamodb.eu-west-1.amazonaws.com/');
  });

  it('never puts the secret key or the session token in its errors', () => {
    // Act
    let message = '';
    try {
      readAwsConfig({ ...LAMBDA_ENV, AWS_REGION: '' });
    } catch (error) {
      message = (error as Error).message;
    }

    // Assess
    expect(message).not.toBe('');
    expect(message).not.toContain(LAMBDA_ENV.AWS_SECRET_ACCESS_KEY);
    expect(message).not.toContain(LAMBDA_ENV.AWS_SESSION_TOKEN);
  });
});
