"""The ECS side of every combination: a task definition that AWS would register and run,
least-privilege IAM policies, and checks that bite on the mistakes AWS would refuse."""

import copy
import json
import re
import subprocess

import boto3
import pytest
import yaml
from moto import mock_aws

from . import dockerfile
from .combinations import combination_id, supported
from .ecs import fargate_problems, registration_errors, stack_template, task_definition
from .frameworks import FRAMEWORKS
from .tools import tool


def test_task_definition_passes_botocore_validation(project):
    assert registration_errors(task_definition(project)) == ""


def test_task_definition_passes_the_fargate_checks(project):
    assert fargate_problems(task_definition(project)) == []


def test_task_definition_matches_the_image_and_the_answers(project, combination):
    definition = task_definition(project)
    (app, *sidecars) = definition["containerDefinitions"]
    assert (definition["cpu"], definition["memory"]) == ("512", "1024")
    assert app["healthCheck"]["command"] == ["CMD", *dockerfile.healthcheck(project / "Dockerfile")]
    environment = {variable["name"] for variable in app["environment"]}
    secrets = {secret["name"] for secret in app.get("secrets", [])}
    expected_secrets = set(FRAMEWORKS[combination.framework].secrets)
    if combination.tracing == "snappyflow":
        expected_secrets.add("SF_PROFILE_KEY")
    assert secrets == expected_secrets
    assert not secrets & environment
    if combination.tracing == "snappyflow":
        assert sidecars == []
    else:
        (sidecar,) = sidecars
        assert sidecar["essential"] is False
        assert {"name": "AWS_REGION", "value": "us-east-1"} in sidecar["environment"]
        assert app["dependsOn"] == [{"containerName": sidecar["name"], "condition": "START"}]
    if combination.tracing == "xray":
        assert sidecar["image"].startswith("public.ecr.aws/xray/aws-xray-daemon:3.")
        assert sidecar["portMappings"] == [{"containerPort": 2000, "hostPort": 2000, "protocol": "udp"}]
    if combination.tracing == "opentelemetry":
        assert sidecar["image"].startswith("public.ecr.aws/aws-observability/aws-otel-collector:v0.")
        assert "portMappings" not in sidecar  # the app reaches it on the task's loopback
        assert sidecar["healthCheck"]["command"] == ["CMD", "/healthcheck"]
        variables = {v["name"]: v["value"] for v in app["environment"]}
        assert variables["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"] == "http://127.0.0.1:4318/v1/traces"
        assert (
            collector_config(sidecar)["receivers"]["otlp"]["protocols"]["http"]["endpoint"]
            == "127.0.0.1:4318"
        )
    if FRAMEWORKS[combination.framework].worker:
        assert "portMappings" not in app
        assert app["stopTimeout"] == 120


def collector_config(sidecar: dict) -> dict:
    """The ADOT Collector's configuration, passed in AOT_CONFIG_CONTENT."""
    (content,) = [v["value"] for v in sidecar["environment"] if v["name"] == "AOT_CONFIG_CONTENT"]
    return yaml.safe_load(content)


@pytest.mark.parametrize("combination", supported(tracing=["opentelemetry"]), ids=combination_id)
def test_collector_takes_otlp_on_loopback_and_sends_it_to_x_ray(project):
    (_, collector) = task_definition(project)["containerDefinitions"]
    config = collector_config(collector)
    (pipeline,) = config["service"]["pipelines"].values()
    assert pipeline["receivers"] == ["otlp"] and pipeline["exporters"] == ["awsxray"]
    assert set(config["service"]["extensions"]) == {"health_check", "awsproxy"}
    # Everything on the task's loopback: nothing outside the task reaches the collector.
    endpoints = [config["extensions"][name]["endpoint"] for name in config["extensions"]]
    endpoints.append(config["receivers"]["otlp"]["protocols"]["http"]["endpoint"])
    assert all(endpoint.startswith("127.0.0.1:") for endpoint in endpoints)


def test_root_filesystem_is_read_only_but_for_a_volume_where_the_image_lets_the_app_write(project):
    definition = task_definition(project)
    (app, *_) = definition["containerDefinitions"]
    assert app["readonlyRootFilesystem"] is True
    writable = [mount for mount in app["mountPoints"] if not mount.get("readOnly", False)]
    # ECS gives the volume the permissions of the image's VOLUME at the same path.
    assert [mount["containerPath"] for mount in writable] == dockerfile.volumes(project / "Dockerfile")
    assert {mount["sourceVolume"] for mount in writable} <= {v["name"] for v in definition["volumes"]}


def test_task_definition_registers_and_describes(project):
    definition = task_definition(project)
    with mock_aws():
        ecs = boto3.client("ecs", region_name="us-east-1")
        registered = ecs.register_task_definition(**definition)["taskDefinition"]
        described = ecs.describe_task_definition(taskDefinition=definition["family"])["taskDefinition"]
    assert registered["revision"] == 1
    assert described["containerDefinitions"] == registered["containerDefinitions"]
    assert [c["name"] for c in described["containerDefinitions"]] == [
        c["name"] for c in definition["containerDefinitions"]
    ]
    assert (described["cpu"], described["memory"]) == (definition["cpu"], definition["memory"])


def policies(project) -> dict:
    return {path.name: json.loads(path.read_text()) for path in (project / "ecs").glob("*policy.json")}


def test_iam_policies_are_valid_policy_documents(project):
    with mock_aws():
        iam = boto3.client("iam", region_name="us-east-1")
        for name, document in policies(project).items():
            if name == "trust-policy.json":
                iam.create_role(RoleName="check", AssumeRolePolicyDocument=json.dumps(document))
            else:
                iam.create_policy(PolicyName=name.removesuffix(".json"), PolicyDocument=json.dumps(document))


def test_execution_role_reads_exactly_the_task_definitions_secrets(project):
    definition = task_definition(project)
    secrets = [s["valueFrom"] for c in definition["containerDefinitions"] for s in c.get("secrets", [])]
    statements = policies(project)["execution-role-policy.json"]["Statement"]
    ssm = [s for s in statements if s["Action"] == "ssm:GetParameters"]
    assert [resource for s in ssm for resource in s["Resource"]] == secrets
    (logs,) = [s for s in statements if "logs:PutLogEvents" in s["Action"]]
    group = definition["containerDefinitions"][0]["logConfiguration"]["options"]["awslogs-group"]
    assert logs["Resource"].endswith(f":log-group:{group}:*")
    assert all(s["Resource"] != "*" for s in statements if s["Action"] != "ecr:GetAuthorizationToken")


TASK_ROLE_ACTIONS = {
    "snappyflow": None,  # no task role policy: the agent calls no AWS API
    # The daemon's: AWSXRayDaemonWriteAccess.
    "xray": [
        "xray:PutTraceSegments",
        "xray:PutTelemetryRecords",
        "xray:GetSamplingRules",
        "xray:GetSamplingTargets",
        "xray:GetSamplingStatisticSummaries",
    ],
    # The collector's awsxray exporter, and its awsproxy serving sampling rules.
    "opentelemetry": ["xray:PutTraceSegments", "xray:GetSamplingRules", "xray:GetSamplingTargets"],
}


def test_task_role_allows_exactly_what_the_tracing_sidecar_does(project, combination):
    task_policy = policies(project).get("task-role-policy.json")
    expected = TASK_ROLE_ACTIONS[combination.tracing]
    if expected is None:
        assert task_policy is None
    else:
        (statement,) = task_policy["Statement"]
        assert statement["Action"] == expected


def app(definition: dict) -> dict:
    return definition["containerDefinitions"][0]


def depends_on(condition: str, name: str):
    return lambda d: app(d).update(dependsOn=[{"containerName": name, "condition": condition}])


MISTAKES = {
    "bad-protocol": (lambda d: app(d)["portMappings"][0].update(protocol="http"), "not one of tcp, udp"),
    "cpu-memory-pair": (lambda d: d.update(cpu="512", memory="1536"), "is not a Fargate task size"),
    "numeric-cpu": (lambda d: d.update(cpu=512), "must be strings"),
    "no-name": (lambda d: app(d).pop("name"), "needs a name"),
    "bad-port": (
        lambda d: app(d)["portMappings"][0].update(containerPort=70000, hostPort=70000),
        "not a port",
    ),
    "secret-in-environment": (
        lambda d: app(d)["environment"].append({"name": "DJANGO_SECRET_KEY", "value": "x"}),
        "looks secret",
    ),
    "unknown-dependency": (depends_on("START", "db"), "names no container"),
    "healthy-without-check": (
        lambda d: (app(d).pop("healthCheck"), depends_on("HEALTHY", "app")(d)),
        "needs a healthCheck",
    ),
    "stop-timeout": (lambda d: app(d).update(stopTimeout=300), "at most 120"),
    "too-much-cpu": (lambda d: app(d).update(cpu=4096), "more than the task's"),
    "no-stream-prefix": (
        lambda d: app(d)["logConfiguration"]["options"].pop("awslogs-stream-prefix"),
        "awslogs needs",
    ),
    "bridge-network": (lambda d: d.update(networkMode="bridge"), "awsvpc"),
    "unknown-volume": (lambda d: d.update(volumes=[]), "names no task volume"),
    "host-path-volume": (
        lambda d: d["volumes"][0].update(host={"sourcePath": "/var/tmp"}),
        "Fargate has only task storage",
    ),
    "tmpfs": (
        lambda d: app(d)["linuxParameters"].update(tmpfs=[{"containerPath": "/tmp", "size": 64}]),
        "does not support linuxParameters.tmpfs",
    ),
}


@pytest.mark.parametrize("mistake", MISTAKES.values(), ids=MISTAKES.keys())
def test_fargate_checks_catch_each_mistake(bake_once, mistake):
    """Each check bites: the default project's task definition, broken in one way."""
    definition = copy.deepcopy(task_definition(bake_once()))
    break_it, said = mistake
    break_it(definition)
    problems = fargate_problems(definition)
    assert any(said in problem for problem in problems), problems


def test_botocore_validation_catches_a_broken_task_definition(project):
    definition = task_definition(project)
    definition["containerDefinition"] = definition.pop("containerDefinitions")
    definition["cpu"] = 512
    errors = registration_errors(definition)
    assert 'Unknown parameter in input: "containerDefinition"' in errors
    assert "Invalid type for parameter cpu" in errors


def cfn_lint(template, region: str = "us-east-1") -> subprocess.CompletedProcess:
    """cfn-lint's errors, warnings and informational rules (a hard-coded partition is one)."""
    command = [tool("cfn-lint"), "--include-checks", "I", "--regions", region, "--", str(template)]
    return subprocess.run(command, capture_output=True, text=True)


ARN_PARTITION = re.compile(r"\barn:([a-z-]+):")
REGISTRY_HOST = re.compile(r"\.dkr\.ecr\.[a-z0-9-]+\.([a-z.]+)/")
PARTITIONS = {  # a region of each -> its partition and its domain
    "us-east-1": ("aws", "amazonaws.com"),
    "cn-north-1": ("aws-cn", "amazonaws.com.cn"),
    "us-gov-west-1": ("aws-us-gov", "amazonaws.com"),
}


@pytest.mark.parametrize("region", PARTITIONS)
@pytest.mark.parametrize("framework", ["django", "celery"])
def test_arns_and_the_registry_are_those_of_the_regions_partition(bake_once, framework, region):
    project = bake_once(framework=framework, aws_region=region)
    partition, domain = PARTITIONS[region]
    texts = [path.read_text() for path in [*(project / "ecs").glob("*.json"), project / "README.md"]]
    assert {found for text in texts for found in ARN_PARTITION.findall(text)} == {partition}
    assert {found for text in texts for found in REGISTRY_HOST.findall(text)} == {domain}
    result = cfn_lint(project / "ecs" / "cloudformation.yaml", region)
    assert result.returncode == 0, result.stdout + result.stderr


def test_cfn_lint_catches_a_hard_coded_partition(bake_once, tmp_path):
    template = (bake_once() / "ecs" / "cloudformation.yaml").read_text()
    broken = tmp_path / "cloudformation.yaml"
    broken.write_text(template.replace("arn:${AWS::Partition}:", "arn:aws:"))
    result = cfn_lint(broken)
    assert result.returncode != 0 and "I3042" in result.stdout, result.stdout


@pytest.mark.parametrize(("architecture", "platform"), [("X86_64", "linux/amd64"), ("ARM64", "linux/arm64")])
def test_cpu_architecture_reaches_the_task_the_stack_and_the_build(bake_once, architecture, platform):
    project = bake_once(cpu_architecture=architecture)
    assert task_definition(project)["runtimePlatform"]["cpuArchitecture"] == architecture
    template = stack_template(project)
    stack_platform = template["Resources"]["TaskDefinition"]["Properties"]["RuntimePlatform"]
    assert stack_platform["CpuArchitecture"] == architecture
    assert f"docker build --platform {platform} " in (project / "README.md").read_text()


def test_cloudformation_template_passes_cfn_lint(project):
    result = cfn_lint(project / "ecs" / "cloudformation.yaml")
    assert result.returncode == 0, result.stdout + result.stderr


def test_cloudformation_task_definition_is_the_json_one(project):
    template = stack_template(project)
    resource = template["Resources"]["TaskDefinition"]["Properties"]
    definition = task_definition(project)
    assert (resource["Cpu"], resource["Memory"]) == (definition["cpu"], definition["memory"])
    for in_cfn, in_json in zip(
        resource["ContainerDefinitions"], definition["containerDefinitions"], strict=True
    ):
        assert in_cfn["Name"] == in_json["name"]
        assert [v["Name"] for v in in_cfn["Environment"]] == [v["name"] for v in in_json["environment"]]
        assert [s["Name"] for s in in_cfn.get("Secrets", [])] == [
            s["name"] for s in in_json.get("secrets", [])
        ]
        assert in_cfn.get("HealthCheck", {}).get("Command") == in_json.get("healthCheck", {}).get("command")
        assert in_cfn.get("StopTimeout") == in_json.get("stopTimeout")
        assert in_cfn.get("ReadonlyRootFilesystem") == in_json.get("readonlyRootFilesystem")
        assert [(m["SourceVolume"], m["ContainerPath"]) for m in in_cfn.get("MountPoints", [])] == [
            (m["sourceVolume"], m["containerPath"]) for m in in_json.get("mountPoints", [])
        ]
    assert [v["Name"] for v in resource.get("Volumes", [])] == [v["name"] for v in definition["volumes"]]


def test_cfn_lint_catches_a_task_size_fargate_refuses(bake_once, tmp_path):
    template = (bake_once() / "ecs" / "cloudformation.yaml").read_text()
    broken = tmp_path / "cloudformation.yaml"
    broken.write_text(template.replace('Memory: "1024"', 'Memory: "1536"'))
    result = cfn_lint(broken)
    assert result.returncode != 0
    assert "E3047" in result.stdout
