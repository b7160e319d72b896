"""moto_server, with its IAM check made to judge what AWS judges.

Once IAM authentication is switched on (POST /moto-api/reset-auth with body 0), moto checks
every request's signature and the caller's IAM policies, with three differences from AWS that
matter to the functions' five calls:

- It checks most actions on the resource "*". A statement naming its resource (the table's
  ARN), as every statement of serverless.yml does, then never matches, and moto refuses all
  the deployed roles allow. Only SQS names its queue.
- It takes Lambda's Invoke for the IAM action `lambda:Invoke`; AWS checks
  `lambda:InvokeFunction`.
- It computes a signature over the request's path once percent-decoded, so a function named
  by its ARN (`/functions/arn%3Aaws%3Alambda.../invocations`) is refused even when signed as
  AWS wants it (that path encoded once more in the canonical request).

This launcher closes those three gaps: the ARN of the table (DynamoDB), of the secret
(Secrets Manager), of each entry's event bus (EventBridge PutEvents) and of the function
(Lambda Invoke); Invoke's IAM action name; the path as sent. Everything else is moto's own.
Run it as moto_server, with the same arguments:

    python3 moto-iam-server.py -H 127.0.0.1 -p 5000

It stops at once when moto's internals no longer look as this file expects (a moto upgrade):
a check that silently allowed or refused everything would prove nothing.
"""

import sys
from urllib.parse import unquote, urlsplit, urlunsplit

from moto.awslambda.responses import LambdaResponse
from moto.core.authorization import ActionAuthenticatorMixin
from moto.dynamodb.responses import DynamoHandler
from moto.events.responses import EventsHandler
from moto.iam.access_control import IAMRequest
from moto.secretsmanager.responses import SecretsManagerResponse
from moto.server import main
from moto.utilities.utils import get_partition

# AWS API operations whose IAM action has another name.
IAM_ACTION_OF_OPERATION = {"Invoke": "InvokeFunction"}

for required in ("_authenticate_and_authorize_action", "_authenticate_and_authorize_normal_action"):
    if not hasattr(ActionAuthenticatorMixin, required):
        sys.exit(f"moto-iam-server.py: moto has no ActionAuthenticatorMixin.{required} any more")


def arn(handler, service, resource):
    """The ARN of a resource of the handler's account and region."""
    partition = get_partition(handler.region)
    return f"arn:{partition}:{service}:{handler.region}:{handler.current_account}:{resource}"


def dynamodb_resources(handler):
    table = handler._get_param("TableName")
    return [arn(handler, "dynamodb", f"table/{table}")] if isinstance(table, str) else []


def secretsmanager_resources(handler):
    secret_id = handler._get_param("SecretId")
    if not isinstance(secret_id, str):
        return []
    secret = handler.backend.secrets.get(secret_id)
    # AWS checks a secret it does not know by the ARN it was named with, if it was.
    return [secret.arn if secret is not None else secret_id]


def events_resources(handler):
    if handler._get_action() != "PutEvents":
        return []
    buses = []
    for entry in handler._get_param("Entries") or []:
        bus = entry.get("EventBusName") or "default"
        buses.append(bus if bus.startswith("arn:") else arn(handler, "events", f"event-bus/{bus}"))
    return sorted(set(buses))


def lambda_resources(handler):
    marker = "/functions/"
    path = handler.path.split("?")[0]
    if marker not in path:
        return []
    name = unquote(path.split(marker, 1)[1].split("/")[0])
    return [name if name.startswith("arn:") else arn(handler, "lambda", f"function:{name}")]


class RenamedActionIAMRequest(IAMRequest):
    """IAMRequest checking the IAM action name of an operation, not the operation's name."""

    def __init__(self, **kwargs):
        kwargs["action"] = IAM_ACTION_OF_OPERATION.get(kwargs["action"], kwargs["action"])
        super().__init__(**kwargs)


def check_resources(response_class, resources_of, request_class=IAMRequest):
    """Makes `response_class` check each resource `resources_of` names (else moto's own)."""

    def authorize(self, resource="*"):
        try:
            resources = resources_of(self) or [resource]
        except Exception:  # a request this file cannot read: checked on "*", as moto does
            resources = [resource]
        # moto signs over the path in self.uri, which it keeps percent-decoded; the response
        # object is this request's alone, so it gets the path as sent for the check only.
        decoded_uri = self.uri
        self.uri = urlunsplit(urlsplit(decoded_uri)._replace(path=self.raw_path))
        try:
            for each in resources:
                self._authenticate_and_authorize_action(request_class, each)
        finally:
            self.uri = decoded_uri

    response_class._authenticate_and_authorize_normal_action = authorize


check_resources(DynamoHandler, dynamodb_resources)
check_resources(SecretsManagerResponse, secretsmanager_resources)
check_resources(EventsHandler, events_resources)
check_resources(LambdaResponse, lambda_resources, RenamedActionIAMRequest)

if __name__ == "__main__":
    main()
