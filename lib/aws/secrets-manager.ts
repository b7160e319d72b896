import { type AwsOperation, jsonOperation } from './aws-client.ts';

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
export const getSecretValue: AwsOperation<GetSecretValueInput, GetSecretValueOutput> =
  /* @__PURE__ */ jsonOperation('secretsmanager', 'secretsmanager.GetSecretValue');
