"""Checks of a generated ECS task definition: botocore's own model, plus what AWS checks at
registration or deploy time and botocore does not (enums, Fargate sizes, names, ports,
references between containers, secrets kept out of plain environment variables)."""

import json
import re
from pathlib import Path

import botocore.session
import cfnlint.decode
from botocore.validate import ParamValidator

_SHAPE = (
    botocore.session.get_session()
    .get_service_model("ecs")
    .operation_model("RegisterTaskDefinition")
    .input_shape
)

# Fargate task sizes: CPU units -> allowed memory (MiB).
FARGATE_MEMORY_BY_CPU = {
    256: {512, 1024, 2048},
    512: set(range(1024, 4096 + 1, 1024)),
    1024: set(range(2048, 8192 + 1, 1024)),
    2048: set(range(4096, 16384 + 1, 1024)),
    4096: set(range(8192, 30720 + 1, 1024)),
    8192: set(range(16384, 61440 + 1, 4096)),
    16384: set(range(32768, 122880 + 1, 8192)),
}
SECRET_LOOKING = re.compile(r"KEY|SECRET|TOKEN|PASSWORD|PASSWD|CREDENTIAL|BROKER_URL|DATABASE_URL")
FARGATE_MAX_STOP_TIMEOUT = 120


def task_definition(project: Path) -> dict:
    """A generated project's ecs/task-definition.json."""
    return json.loads((project / "ecs" / "task-definition.json").read_text())


def stack_template(project: Path) -> dict:
    """A generated project's ecs/cloudformation.yaml, its short-form functions decoded."""
    template, errors = cfnlint.decode.decode(str(project / "ecs" / "cloudformation.yaml"))
    assert not errors, errors
    return template


def app_container(project: Path) -> dict:
    """The task definition's app container (the first; the others are sidecars)."""
    return task_definition(project)["containerDefinitions"][0]


def task_environment(project: Path) -> dict[str, str]:
    """The app container's `environment`, as ECS sets it."""
    return {variable["name"]: variable["value"] for variable in app_container(project)["environment"]}


def registration_errors(task_definition: dict) -> str:
    """What RegisterTaskDefinition's input validation reports ('' when it passes)."""
    report = ParamValidator().validate(task_definition, _SHAPE)
    return report.generate_report() if report.has_errors() else ""


def enum_problems(value, shape, path="") -> list[str]:
    """Values outside the model's enums, which ParamValidator does not check."""
    if shape.type_name == "structure" and isinstance(value, dict):
        return [
            problem
            for name, member in value.items()
            if name in shape.members
            for problem in enum_problems(member, shape.members[name], f"{path}.{name}")
        ]
    if shape.type_name == "list" and isinstance(value, list):
        return [p for i, item in enumerate(value) for p in enum_problems(item, shape.member, f"{path}[{i}]")]
    if shape.type_name == "map" and isinstance(value, dict):
        return [p for key, item in value.items() for p in enum_problems(item, shape.value, f"{path}.{key}")]
    enum = getattr(shape, "enum", None)
    if enum and value not in enum:
        return [f"{path.lstrip('.')}: {value!r} is not one of {', '.join(enum)}"]
    return []


def fargate_problems(task_definition: dict) -> list[str]:
    """What Fargate would refuse, at registration or when a task starts."""
    problems = enum_problems(task_definition, _SHAPE)
    cpu, memory = task_definition.get("cpu"), task_definition.get("memory")
    if not (isinstance(cpu, str) and isinstance(memory, str) and cpu.isdigit() and memory.isdigit()):
        problems.append("task cpu and memory must be strings of digits")
    elif int(memory) not in FARGATE_MEMORY_BY_CPU.get(int(cpu), ()):
        problems.append(f"cpu {cpu} with memory {memory} is not a Fargate task size")
    if task_definition.get("networkMode") != "awsvpc":
        problems.append("Fargate needs networkMode awsvpc")
    if "FARGATE" not in task_definition.get("requiresCompatibilities", []):
        problems.append("requiresCompatibilities must include FARGATE")

    containers = task_definition.get("containerDefinitions", [])
    names = [container.get("name") for container in containers]
    if not all(names) or len(set(names)) != len(names):
        problems.append(f"every container needs a name of its own: {names}")
    if not any(container.get("essential", True) for container in containers):
        problems.append("at least one container must be essential")
    if isinstance(cpu, str) and cpu.isdigit() and sum(c.get("cpu", 0) for c in containers) > int(cpu):
        problems.append("the containers' cpu adds up to more than the task's")
    reserved = sum(c.get("memory", c.get("memoryReservation", 0)) for c in containers)
    if isinstance(memory, str) and memory.isdigit() and reserved > int(memory):
        problems.append("the containers' memory adds up to more than the task's")
    volumes = task_definition.get("volumes", [])
    for volume in volumes:
        if volume.get("host", {}).get("sourcePath") or "dockerVolumeConfiguration" in volume:
            problems.append(f"volume {volume.get('name')}: Fargate has only task storage, EFS and FSx")
    for container in containers:
        problems += container_problems(container, set(names), {v.get("name") for v in volumes})
    checked = {c.get("name") for c in containers if c.get("healthCheck")}
    for container in containers:
        for dependency in container.get("dependsOn", []):
            if dependency.get("condition") == "HEALTHY" and dependency.get("containerName") not in checked:
                problems.append(f"{container.get('name')}: HEALTHY needs a healthCheck on its target")
    return problems


def container_problems(container: dict, names: set, volumes: set) -> list[str]:
    name = container.get("name")
    problems = []
    for mount in container.get("mountPoints", []):
        if mount.get("sourceVolume") not in volumes:
            problems.append(f"{name}: mountPoints names no task volume {mount.get('sourceVolume')!r}")
    if container.get("linuxParameters", {}).get("tmpfs"):
        problems.append(f"{name}: Fargate does not support linuxParameters.tmpfs; mount a task volume")
    for mapping in container.get("portMappings", []):
        port = mapping.get("containerPort")
        if not (isinstance(port, int) and 1 <= port <= 65535):
            problems.append(f"{name}: containerPort {port!r} is not a port")
        if mapping.get("hostPort", port) != port:
            problems.append(f"{name}: in awsvpc mode hostPort must equal containerPort")
    for variable in container.get("environment", []):
        if SECRET_LOOKING.search(variable["name"]):
            problems.append(f"{name}: {variable['name']} looks secret; pass it in `secrets`")
    for dependency in container.get("dependsOn", []):
        target = dependency.get("containerName")
        if target not in names:
            problems.append(f"{name}: dependsOn names no container {target!r}")
    if container.get("stopTimeout", 0) > FARGATE_MAX_STOP_TIMEOUT:
        problems.append(f"{name}: stopTimeout is at most {FARGATE_MAX_STOP_TIMEOUT} s on Fargate")
    options = container.get("logConfiguration", {}).get("options", {})
    if container.get("logConfiguration", {}).get("logDriver") == "awslogs":
        missing = {"awslogs-group", "awslogs-region", "awslogs-stream-prefix"} - set(options)
        if missing:
            problems.append(f"{name}: awslogs needs {', '.join(sorted(missing))}")
    return problems
