"""Enough of CloudFormation's intrinsic functions to work out the generated stack's values where
moto gives none: Ref, Fn::GetAtt, Fn::Sub, Fn::If, and the conditions.

`names` maps what a template can name to its value: parameters and resources by their logical
names, attributes as "Resource.Attribute"."""

import re


def parameters(template: dict, **given: str) -> dict:
    """The parameters' values, the defaults where not given, and the pseudo parameters used."""
    values = {name: declared.get("Default", "") for name, declared in template["Parameters"].items()}
    return {**values, **given, "AWS::URLSuffix": "amazonaws.com"}


def conditions(template: dict, names: dict) -> dict[str, bool]:
    found = {}
    for name, condition in template.get("Conditions", {}).items():
        found[name] = holds(condition, names, found)
    return found


def resolved(value, names: dict, conditions: dict):
    """value with the intrinsic functions in it worked out."""
    if isinstance(value, list):
        return [resolved(item, names, conditions) for item in value]
    if not isinstance(value, dict):
        return value
    ((function, argument),) = value.items()
    if function == "Ref":
        return names[argument]
    if function == "Fn::GetAtt":
        return names[".".join(argument) if isinstance(argument, list) else argument]
    if function == "Fn::If":
        condition, when_true, when_false = argument
        return resolved(when_true if conditions[condition] else when_false, names, conditions)
    if function == "Fn::Sub":
        text = argument if isinstance(argument, str) else argument[0]
        return re.sub(r"\$\{([^}]+)\}", lambda m: names[m.group(1)], text)
    raise NotImplementedError(function)


def holds(condition: dict, names: dict, conditions: dict) -> bool:
    ((function, argument),) = condition.items()
    if function == "Fn::Equals":
        left, right = (resolved(side, names, {}) for side in argument)
        return left == right
    if function == "Fn::Not":
        return not holds(argument[0], names, conditions)
    if function == "Fn::And":
        return all(holds(item, names, conditions) for item in argument)
    if function == "Condition":
        return conditions[argument]
    raise NotImplementedError(function)
