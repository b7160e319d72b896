import { type AwsClient, createAwsClient } from './aws-client.ts';

let shared: AwsClient | undefined;

/**
 * The AWS client of this Lambda container, made on first use: its configuration (region,
 * credentials, endpoints) is read from the environment at its first call and kept for the
 * container's life, as Lambda keeps the credentials it sets at start. Every store, publisher
 * and invoker defaults to it and takes another client as a parameter.
 *
 * @example
 * ```ts
 * await getSecretValue(sharedAwsClient(), { SecretId: arn }, signal);
 * ```
 */
export const sharedAwsClient = (): AwsClient => {
  shared ??= createAwsClient();
  return shared;
};
