"""The generated README's deploy section, followed as a newcomer follows it: every shell block,
in order, in the project's directory, each `aws` command against moto's server standing in
for AWS. The placeholders a user fills by hand (`<ClusterName>`, ...) are filled from the
resources the earlier commands created.

What is not AWS is stood in for as well: `git rev-parse` names the commit; `docker push`
registers the tag in the stand-in's ECR, as a real push would (the images themselves are built
and run by tests/test_images.py); `curl` records the URL it was given.

Where moto falls short, and what is checked instead:
- A stack deployed through a change set (`cloudformation deploy`) would get no Outputs, and an
  update that keeps parameters (as `deploy` keeps those not given) would crash: the server is
  patched to do both as CloudFormation does (see `moto_endpoint`).
- An update whose new parameter only a Fn::Sub names (the image tag) leaves moto's task
  definition as it was: the image a deploy gives the tasks is worked out from the stack's
  parameters, after the first deploy checked against what moto registered.
- `ecs run-task` with a network configuration (awsvpc, as Fargate needs) crashes it: the command
  runs against a recorder of AWS's JSON protocol instead, which answers as ECS does; what it sent
  was validated by botocore against ECS's model on the way, and is checked here against the
  stack's outputs.
- The AWS CLI on PyPI is version 1, which has no `aws logs tail` (a version 2 command): that
  line is the one not run; its log group is checked to exist.
"""

import json
import os
import re
import shlex
import subprocess
import sys
import textwrap
import threading
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import boto3
import pytest
from moto.cloudformation.models import ChangeSet
from moto.cloudformation.parsing import OutputMap, ResourceMap
from moto.moto_server.threaded_moto_server import ThreadedMotoServer

from . import intrinsics
from .combinations import DEFAULT_PYTHON, combination_id, supported
from .ecs import stack_template

# Moto's, about the resources it does not model (Application Auto Scaling).
pytestmark = pytest.mark.filterwarnings("ignore:Tried to parse:UserWarning")

ONE_PYTHON = [c for c in supported() if c.python_version == DEFAULT_PYTHON]
REGION = "us-east-1"  # the template's default
FIRST_COMMIT, SECOND_COMMIT = "3f2c1a9", "8d0e4b7"
CREDENTIALS = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"}
# What a user types for the placeholders of their own. The key starts with "-", as one secret in
# 64 that secrets.token_urlsafe() makes does (the README's Django key): the CLI must not read it
# as an option.
OWN_VALUES = {
    "your profile key": "-c2YtcHJvZmlsZS1rZXk=",
    "your ElastiCache endpoint": "broker.cache.internal",
}

# Stand-ins for the commands that are not AWS's. $COMMIT is the commit the test has checked out.
STAND_INS = r"""
MANIFEST=application/vnd.docker.distribution.manifest.v2+json
git() { echo "$COMMIT"; }
curl() { echo "$@" >> "$CURLED"; }
docker() {
  case "$1" in
    login) cat > /dev/null ;;
    push)
      local host="${2%%/*}" name="${2#*/}"
      local region; region="$(echo "$host" | cut -d. -f4)"
      aws ecr put-image --region "$region" --repository-name "${name%%:*}" --image-tag "${name##*:}" \
        --image-manifest "{\"schemaVersion\": 2, \"mediaType\": \"$MANIFEST\", \"commit\": \"${name##*:}\"}" \
        > /dev/null ;;
  esac
}
"""


def deploy_section(readme: str) -> tuple[list[str], list[str], list[str]]:
    """The deploy section's shell blocks, for the stack and for the CLI path, and the commands
    written inline in the stack's part."""
    start = readme.index("## Deploy to Amazon ECS")
    section = readme[start : readme.index("\n## ", start)]
    stack, cli = section.split("### Without CloudFormation")
    fence = re.compile(r"^( *)```sh\n(.*?)^\1```", re.M | re.S)
    blocks = [[textwrap.dedent(body) for _, body in fence.findall(part)] for part in (stack, cli)]
    inline = [span for span in re.findall(r"`([^`\n]+)`", fence.sub("", stack)) if "aws " in span]
    return blocks[0], blocks[1], inline


class Newcomer:
    """A shell in the project's directory that keeps the variables a block sets for the next."""

    def __init__(self, project: Path, endpoint: str, scratch: Path):
        self.project, self.state, self.curled = project, scratch / "state.sh", scratch / "curled"
        self.state.write_text("")
        self.commit = FIRST_COMMIT
        self.env = {
            **os.environ,
            **CREDENTIALS,
            "AWS_ENDPOINT_URL": endpoint,
            # Not the project's region: a regional command that forgets --region goes astray.
            "AWS_DEFAULT_REGION": "ap-southeast-2",
            "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
            "CURLED": str(self.curled),
        }

    def run(self, block: str, endpoint: str | None = None, **placeholders: str) -> str:
        for name, value in {**OWN_VALUES, **placeholders}.items():
            block = block.replace(f"<{name}>", value)
        assert not re.search(r"<[A-Za-z][\w -]*>", block), f"a placeholder left unfilled:\n{block}"
        assigned = sorted(set(re.findall(r"^(\w+)=", block, re.M)))
        keep = "".join(f'declare -p {name} >> "$STATE"\n' for name in assigned)
        script = f'set -euo pipefail\n{STAND_INS}\nsource "$STATE"\n{block}\n{keep}'
        env = {**self.env, "COMMIT": self.commit, "STATE": str(self.state)}
        if endpoint:
            env["AWS_ENDPOINT_URL"] = endpoint
        done = subprocess.run(
            ["bash", "-c", script], cwd=self.project, env=env, capture_output=True, text=True, timeout=300
        )
        assert done.returncode == 0, f"{block}\nfailed:\n{done.stderr[-3000:]}"
        return done.stdout

    def variable(self, name: str) -> str:
        done = subprocess.run(
            ["bash", "-c", f'source "$STATE"; printf %s "${name}"'],
            env={**self.env, "STATE": str(self.state)},
            capture_output=True,
            text=True,
            check=True,
        )
        return done.stdout

    def set(self, name: str, value: str) -> None:
        with self.state.open("a") as state:
            state.write(f"{name}={shlex.quote(value)}\n")


@pytest.fixture(scope="module")
def moto_endpoint():
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(ResourceMap, "update", _kept_parameters_as_given(ResourceMap.update))
        patch.setattr(ChangeSet, "apply", _with_outputs(ChangeSet.apply))
        server.start()
        host, port = server.get_host_and_port()
        yield f"http://{host}:{port}"
        server.stop()


def _with_outputs(apply):
    """Moto 5.2.5 works a stack's Outputs out when it creates the stack, not when it executes a
    change set: a stack made by `cloudformation deploy` would have none."""

    def wrapped(self):
        apply(self)
        self.stack.output_map = OutputMap(self.stack.resource_map, self.template_dict, self.stack.stack_id)

    return wrapped


def _kept_parameters_as_given(update):
    """Moto 5.2.5 mishandles the parameters that `cloudformation deploy` keeps (UsePreviousValue)
    when it updates a stack: a List parameter's value comes already split and is split again,
    and one left at its default counts as changed, which "modifies" the resources that refer
    to it, even those whose condition left them out (a crash). As CloudFormation keeps them."""

    def wrapped(self, template, parameters=None):
        if parameters:
            parameters = {k: ",".join(v) if isinstance(v, list) else v for k, v in parameters.items()}
            for name, declared in template.get("Parameters", {}).items():
                self.input_parameters.setdefault(name, declared.get("Default"))
        return update(self, template, parameters)

    return wrapped


@pytest.fixture
def aws(moto_endpoint):
    """A fresh account in the stand-in; aws(service) is a boto3 client of it."""
    reset = urllib.request.Request(f"{moto_endpoint}/moto-api/reset", method="POST")
    urllib.request.urlopen(reset).close()
    return lambda service: boto3.client(
        service,
        region_name=REGION,
        endpoint_url=moto_endpoint,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )


class EcsRecorder(ThreadingHTTPServer):
    """Answers ECS's JSON protocol as ECS answers RunTask, and keeps what it was sent."""

    def __init__(self):
        self.requests: list[tuple[str, dict]] = []
        super().__init__(("127.0.0.1", 0), _Recording)
        threading.Thread(target=self.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class _Recording(BaseHTTPRequestHandler):
    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.server.requests.append((self.headers["X-Amz-Target"].rsplit(".", 1)[1], body))
        answer = json.dumps({"tasks": [{"taskArn": "arn:aws:ecs:us-east-1:123456789012:task/t"}]}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/x-amz-json-1.1")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *args):
        pass


def stack_outputs(aws, stack: str) -> dict[str, str]:
    (described,) = aws("cloudformation").describe_stacks(StackName=stack)["Stacks"]
    return {output["OutputKey"]: output["OutputValue"] for output in described["Outputs"]}


def stack_image(aws, project: Path, stack: str) -> str:
    """The app's image in the stack's task definition, from the stack's parameters."""
    (described,) = aws("cloudformation").describe_stacks(StackName=stack)["Stacks"]
    given = {parameter["ParameterKey"]: parameter["ParameterValue"] for parameter in described["Parameters"]}
    template = stack_template(project)
    names = intrinsics.parameters(template, **given)
    names.update({"AWS::AccountId": described["StackId"].split(":")[4], "AWS::Region": REGION})
    (app, *_) = template["Resources"]["TaskDefinition"]["Properties"]["ContainerDefinitions"]
    return intrinsics.resolved(app["Image"], names, {})


def registered_image(aws, service: str) -> str:
    """The app's image in the family's latest task definition, as registered."""
    definition = aws("ecs").describe_task_definition(taskDefinition=service)["taskDefinition"]
    return definition["containerDefinitions"][0]["image"]


@pytest.mark.parametrize("combination", ONE_PYTHON, ids=combination_id)
def test_the_readme_deploys_a_version_then_the_next_then_rolls_back(
    moto_endpoint, aws, project, combination, tmp_path
):
    readme = (project / "README.md").read_text()
    blocks, _, inline = deploy_section(readme)
    service = json.loads((project / "ecs" / "task-definition.json").read_text())["family"]
    user = Newcomer(project, moto_endpoint, tmp_path)
    push = next(block for block in blocks if "docker push" in block)
    new_version = next(block for block in blocks if "--no-fail-on-empty-changeset" in block)
    tags = next(block for block in blocks if "describe-images" in block)

    # Steps 1 to 3, in order: the first version.
    for block in blocks[: blocks.index(new_version)]:
        if "<ClusterName>" in block:
            outputs = stack_outputs(aws, service)
            subnet = user.variable("subnets").split(",")[0]
            recorder = EcsRecorder()
            user.run(block, endpoint=recorder.url, **{"subnet-id": subnet}, **outputs)
            check_one_off_task(recorder.requests, outputs, subnet, service)
            recorder.shutdown()
        else:
            user.run(block)
    repository = aws("ecr").describe_repositories()["repositories"][0]["repositoryUri"]
    assert (
        registered_image(aws, service) == stack_image(aws, project, service) == f"{repository}:{FIRST_COMMIT}"
    )
    check_secrets_exist(aws, service)

    # Step 4: the next commit, pushed as in step 1 and deployed.
    user.commit = SECOND_COMMIT
    user.run(push)
    user.run(new_version)
    assert stack_image(aws, project, service) == f"{repository}:{SECOND_COMMIT}"

    # A rollback: the earlier of the tags the README lists, deployed the same way.
    listed = json.loads(user.run(tags))
    assert listed == [FIRST_COMMIT, SECOND_COMMIT]
    user.set("tag", listed[-2])
    user.run(new_version)
    assert stack_image(aws, project, service) == f"{repository}:{FIRST_COMMIT}"

    # The commands written inline: which account, the service's URL, and the logs.
    outputs = stack_outputs(aws, service)
    for command in inline:
        if command.startswith("aws logs tail"):  # AWS CLI v2's
            assert "--follow <LogGroupName>" in command
            assert aws("logs").describe_log_groups(logGroupNamePrefix=outputs["LogGroupName"])["logGroups"]
            continue
        said = user.run(command)
        if command.startswith("aws sts get-caller-identity"):
            assert said.strip() == repository.split(".")[0]  # the account the README's registry names
        elif command.startswith("curl"):
            assert user.curled.read_text().split() == [f"{outputs['ServiceUrl']}/health"]
        else:
            raise AssertionError(f"an inline command this test does not check: {command}")


def check_one_off_task(requests, outputs: dict, subnet: str, service: str) -> None:
    """The one-off task runs the stack's task definition in its cluster, in the tasks' security
    group, the app container's command overridden."""
    ((operation, sent),) = requests
    assert operation == "RunTask"
    assert (sent["cluster"], sent["taskDefinition"], sent["launchType"]) == (
        outputs["ClusterName"],
        service,
        "FARGATE",
    )
    network = sent["networkConfiguration"]["awsvpcConfiguration"]
    assert (network["subnets"], network["securityGroups"]) == ([subnet], [outputs["TasksSecurityGroup"]])
    (override,) = sent["overrides"]["containerOverrides"]
    assert override["name"] == "app" and override["command"][0] == "python"


def check_secrets_exist(aws, service: str) -> None:
    """Every secret the deployed task reads is a parameter that step 2 stored."""
    definition = aws("ecs").describe_task_definition(taskDefinition=service)["taskDefinition"]
    for container in definition["containerDefinitions"]:
        for secret in container.get("secrets", []):
            name = "/" + secret["valueFrom"].split(":parameter/", 1)[1]
            assert aws("ssm").get_parameter(Name=name, WithDecryption=True)["Parameter"]["Value"]


@pytest.mark.parametrize("combination", ONE_PYTHON, ids=combination_id)
def test_the_readme_deploys_without_cloudformation_too(moto_endpoint, aws, project, combination, tmp_path):
    readme = (project / "README.md").read_text()
    blocks, (by_hand,), _ = deploy_section(readme)
    service = json.loads((project / "ecs" / "task-definition.json").read_text())["family"]
    user = Newcomer(project, moto_endpoint, tmp_path)
    lookups = next(block for block in blocks if "describe-subnets" in block)
    # Steps 1 and 2, the look-up of step 3, then the section's commands with a security group.
    for block in blocks[: blocks.index(lookups) + 1]:
        user.run(block)
    vpc = user.variable("vpc")
    group = aws("ec2").create_security_group(GroupName="web", Description="port 8000", VpcId=vpc)["GroupId"]
    user.run(by_hand, **{"sg-id": group})
    repository = aws("ecr").describe_repositories()["repositories"][0]["repositoryUri"]
    assert registered_image(aws, service) == f"{repository}:{FIRST_COMMIT}"
    check_secrets_exist(aws, service)
    ((found,),) = [aws("ecs").describe_services(cluster=f"{service}-cli", services=[service])["services"]]
    assert (found["status"], found["desiredCount"]) == ("ACTIVE", 1)
