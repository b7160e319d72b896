import type { AwsClient, CallOptions } from './aws-client.ts';

export interface GetSecretValueInput {
  /** The secret's name or ARN. */
  SecretId: string;
  VersionId?: string;
  VersionStage?: string;
}

export interface GetSecretValueOutput {
  ARN?: string;
  Name?: string;
  VersionId?: string;
  /** The secret's text (absent for a binary secret). */
  SecretString?: string;
}

/**
 * Secrets Manager `GetSecretValue`: the secret's current value.
 *
 * @example
 * ```ts
 * const { SecretString } = await getSecretValue(aws, { SecretId: arn }, signal);
 * ```
 */
export const getSecretValue = (
  client: AwsClient,
  input: GetSecretValueInput,
  signal: AbortSignal,
  options?: CallOptions,
): Promise<GetSecretValueOutput> =>
  client.call(
    {
      service: 'secretsmanager',
      operation: 'GetSecretValue',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'secretsmanager.GetSecretValue',
      },
      body: JSON.stringify(input),
    },
    signal,
    options,
  );
