"""Checks of a generated ECS task definition against botocore's own ECS service model."""

import botocore.session
from botocore.validate import ParamValidator

_SHAPE = (
    botocore.session.get_session()
    .get_service_model("ecs")
    .operation_model("RegisterTaskDefinition")
    .input_shape
)


def registration_errors(task_definition: dict) -> str:
    """What RegisterTaskDefinition's input validation reports ('' when it passes)."""
    report = ParamValidator().validate(task_definition, _SHAPE)
    return report.generate_report() if report.has_errors() else ""
