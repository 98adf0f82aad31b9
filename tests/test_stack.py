"""The CloudFormation stack, deployed against moto: everything a service needs to be reached
and scaled. Moto models the load balancer, its listeners and target group, the security groups,
the cluster, the roles and the task definition. It does not model Application Auto Scaling, a
service's load balancer and network settings, a target group's attributes, a cluster's settings
or the parameters' AllowedPattern: those are read from the template (cfn-lint checks their
form, tests/test_ecs.py), the pattern applied here as CloudFormation applies it."""

import http.client
import re
import warnings

import boto3
import pytest
from moto import mock_aws

from . import intrinsics
from .combinations import DEFAULT_PYTHON, WEB_FRAMEWORKS, combination_id, supported
from .ecs import stack_template

REGION = "us-east-1"

ONE_PYTHON = [c for c in supported() if c.python_version == DEFAULT_PYTHON]
WEB = [c for c in ONE_PYTHON if c.framework in WEB_FRAMEWORKS]


def app_environment(template, attributes: dict, **given) -> dict[str, str]:
    """The app container's environment, with these parameters, for these resource attributes."""
    names = {**intrinsics.parameters(template, **given), **attributes}
    (app, *_) = template["Resources"]["TaskDefinition"]["Properties"]["ContainerDefinitions"]
    met = intrinsics.conditions(template, names)
    return {
        variable["Name"]: intrinsics.resolved(variable["Value"], names, met)
        for variable in app["Environment"]
    }


def refused_parameters(template, values: dict) -> list[str]:
    """The parameters CloudFormation would refuse: outside AllowedValues or AllowedPattern."""
    refused = []
    for name, value in values.items():
        declared = template["Parameters"][name]
        if "AllowedValues" in declared and value not in declared["AllowedValues"]:
            refused.append(name)
        elif "AllowedPattern" in declared and not re.fullmatch(declared["AllowedPattern"], value):
            refused.append(name)
    return refused


def deploy(project, **parameters) -> dict:
    """Create the stack in a default VPC's two subnets; its outputs."""
    ec2 = boto3.client("ec2", region_name=REGION)
    vpc = ec2.describe_vpcs(Filters=[{"Name": "isDefault", "Values": ["true"]}])["Vpcs"][0]["VpcId"]
    subnets = ec2.describe_subnets(Filters=[{"Name": "vpc-id", "Values": [vpc]}])["Subnets"][:2]
    values = {
        "ImageTag": "3f2c1a9",
        "VpcId": vpc,
        "Subnets": ",".join(subnet["SubnetId"] for subnet in subnets),
        **parameters,
    }
    assert refused_parameters(stack_template(project), values) == []
    cloudformation = boto3.client("cloudformation", region_name=REGION)
    with warnings.catch_warnings():  # moto's about the resources it does not model
        warnings.simplefilter("ignore", UserWarning)
        cloudformation.create_stack(
            StackName="my-service",
            TemplateBody=(project / "ecs" / "cloudformation.yaml").read_text(),
            Parameters=[{"ParameterKey": key, "ParameterValue": value} for key, value in values.items()],
            Capabilities=["CAPABILITY_IAM"],
        )
    (stack,) = cloudformation.describe_stacks(StackName="my-service")["Stacks"]
    assert stack["StackStatus"] == "CREATE_COMPLETE", stack.get("StackStatusReason")
    return {output["OutputKey"]: output["OutputValue"] for output in stack["Outputs"]}


def listeners():
    elb = boto3.client("elbv2", region_name=REGION)
    (balancer,) = elb.describe_load_balancers()["LoadBalancers"]
    found = elb.describe_listeners(LoadBalancerArn=balancer["LoadBalancerArn"])["Listeners"]
    return {listener["Port"]: listener for listener in found}


@pytest.mark.parametrize("combination", WEB, ids=combination_id)
def test_a_web_stack_puts_the_service_behind_a_load_balancer_that_only_it_reaches(project, combination):
    with mock_aws():
        outputs = deploy(project)
        elb = boto3.client("elbv2", region_name=REGION)
        (balancer,) = elb.describe_load_balancers()["LoadBalancers"]
        assert balancer["Scheme"] == "internet-facing"
        assert outputs["ServiceUrl"] == f"http://{balancer['DNSName']}"
        (group,) = elb.describe_target_groups()["TargetGroups"]
        assert (group["TargetType"], group["Port"], group["HealthCheckPath"]) == ("ip", 8000, "/health")
        (http,) = listeners().values()
        assert http["Port"] == 80 and http["DefaultActions"][0]["Type"] == "forward"
        # The tasks' security group lets in the load balancer's, on the app port, and nothing else.
        ec2 = boto3.client("ec2", region_name=REGION)
        groups = {g["GroupId"]: g for g in ec2.describe_security_groups()["SecurityGroups"]}
        (balancer_group,) = balancer["SecurityGroups"]
        (tasks_group,) = [g for g in groups.values() if "reached only through" in g["Description"]]
        (rule,) = tasks_group["IpPermissions"]
        assert (rule["FromPort"], rule["ToPort"], rule["IpRanges"]) == (8000, 8000, [])
        assert [pair["GroupId"] for pair in rule["UserIdGroupPairs"]] == [balancer_group]


@pytest.mark.parametrize("combination", WEB, ids=combination_id)
def test_a_stopping_task_leaves_the_load_balancer_before_ecs_would_kill_it(project, combination):
    resources = stack_template(project)["Resources"]
    attributes = resources["TargetGroup"]["Properties"]["TargetGroupAttributes"]
    delay = {a["Key"]: a["Value"] for a in attributes}["deregistration_delay.timeout_seconds"]
    (app, *_) = resources["TaskDefinition"]["Properties"]["ContainerDefinitions"]
    assert int(delay) < app["StopTimeout"]


@pytest.mark.parametrize("combination", WEB[:1], ids=combination_id)
def test_a_certificate_makes_http_redirect_to_an_https_listener(project, combination):
    with mock_aws():
        acm = boto3.client("acm", region_name=REGION)
        certificate = acm.request_certificate(DomainName="api.example.com")["CertificateArn"]
        deploy(project, CertificateArn=certificate)
        found = listeners()
        assert found[80]["DefaultActions"][0]["Type"] == "redirect"
        assert found[80]["DefaultActions"][0]["RedirectConfig"]["Protocol"] == "HTTPS"
        assert found[443]["Protocol"] == "HTTPS"
        assert found[443]["Certificates"][0]["CertificateArn"] == certificate


@pytest.mark.parametrize(
    ("value", "refused"),
    [
        ("arn:aws:acm:us-east-1:123456789012:certificate/0f6c2a41-8b3e-4f0a-9d1c-5e7b2a4c6d8e", False),
        ("arn:aws-cn:acm:cn-north-1:123456789012:certificate/0f6c2a41-8b3e-4f0a-9d1c-5e7b2a4c6d8e", False),
        ("api.example.com", True),
        ("arn:aws:iam::123456789012:server-certificate/api", True),
    ],
)
def test_a_certificate_parameter_that_is_no_acm_arn_is_refused(bake_once, value, refused):
    template = stack_template(bake_once())
    assert refused_parameters(template, {"CertificateArn": value}) == (["CertificateArn"] if refused else [])


@pytest.mark.parametrize(
    "combination", [c for c in ONE_PYTHON if c.framework == "celery"], ids=combination_id
)
def test_a_worker_stack_has_no_load_balancer_and_no_way_in(project, combination):
    with mock_aws():
        outputs = deploy(project)
        assert "ServiceUrl" not in outputs
        assert boto3.client("elbv2", region_name=REGION).describe_load_balancers()["LoadBalancers"] == []
        ec2 = boto3.client("ec2", region_name=REGION)
        (tasks_group,) = [
            g for g in ec2.describe_security_groups()["SecurityGroups"] if "tasks" in g["Description"]
        ]
        assert tasks_group["IpPermissions"] == []


@pytest.mark.parametrize("combination", ONE_PYTHON, ids=combination_id)
def test_the_stack_makes_a_cluster_with_container_insights_unless_one_is_named(project, combination):
    with mock_aws():
        outputs = deploy(project)
        ecs = boto3.client("ecs", region_name=REGION)
        assert ecs.describe_clusters(clusters=[outputs["ClusterName"]])["clusters"][0]["status"] == "ACTIVE"
        services = ecs.describe_services(cluster=outputs["ClusterName"], services=[outputs["ServiceName"]])
        assert services["services"][0]["status"] == "ACTIVE"
    settings = stack_template(project)["Resources"]["ClusterOfItsOwn"]["Properties"]["ClusterSettings"]
    assert {"Name": "containerInsights", "Value": "enabled"} in settings
    with mock_aws():
        ecs = boto3.client("ecs", region_name=REGION)
        ecs.create_cluster(clusterName="shared")
        outputs = deploy(project, Cluster="shared")
        assert outputs["ClusterName"] == "shared"
        assert [c.rsplit("/", 1)[1] for c in ecs.list_clusters()["clusterArns"]] == ["shared"]


CERTIFICATE = "arn:aws:acm:us-east-1:123456789012:certificate/0f6c2a41-8b3e-4f0a-9d1c-5e7b2a4c6d8e"
BALANCER = "my-service-LoadBala-8P32SYU4ACA2-1.us-east-1.elb.amazonaws.com"


def status_and_location(service, host: str, proto: str) -> tuple[int, str]:
    """GET / as the load balancer forwards it (no redirect followed)."""
    connection = http.client.HTTPConnection("127.0.0.1", service.port, timeout=10)
    try:
        connection.request("GET", "/", headers={"Host": host, "X-Forwarded-Proto": proto})
        response = connection.getresponse()
        return response.status, response.getheader("Location") or ""
    finally:
        connection.close()


@pytest.mark.parametrize(
    "combination", [c for c in ONE_PYTHON if c.framework == "django"], ids=combination_id
)
@pytest.mark.parametrize("certificate", ["", CERTIFICATE], ids=["http", "https"])
def test_django_answers_through_the_stacks_load_balancer(project, combination, start_service, certificate):
    """With the stack's own environment: 200 by the load balancer's name (and a domain of
    yours), over HTTPS when there is a certificate, and HTTP redirected to HTTPS then only."""
    template = stack_template(project)
    environment = app_environment(
        template, {"LoadBalancer.DNSName": BALANCER}, CertificateArn=certificate, DomainName="api.example.com"
    )
    environment.pop("PORT")  # the test's free port instead of the task's 8000
    with start_service(**environment) as service:
        if certificate:
            assert status_and_location(service, BALANCER, "https")[0] == 200
            assert status_and_location(service, "api.example.com", "https")[0] == 200
            assert status_and_location(service, BALANCER, "http") == (301, f"https://{BALANCER}/")
        else:
            assert status_and_location(service, BALANCER, "http")[0] == 200
            assert status_and_location(service, "api.example.com", "http")[0] == 200
        assert status_and_location(service, "attacker.example", "https")[0] == 400
