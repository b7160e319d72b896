/**
 * The floor of the HTTP GET route (http-operation-record): the least an API Gateway v2 handler
 * for ListOpRecord can do. It makes the same calls as our function (the credentials from
 * Secrets Manager when deployed, a sign-in to IAM once per container, then the GET to BCS with
 * the caller's query as sent) with no library, no validation and no error mapping.
 * Not for deployment: it is what `npm run bench` compares http-operation-record with.
 */
import { operationRecords } from './operation-records.mjs';

export const handler = async (event) => {
  const response = await operationRecords(event.pathParameters.project_id, event.rawQueryString);
  return {
    statusCode: response.status,
    headers: { 'content-type': 'application/json' },
    body: await response.text(),
  };
};
