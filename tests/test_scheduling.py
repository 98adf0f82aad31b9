"""Each combination's tests share one xdist worker; other tests go wherever there is room."""

from .scheduling import scope


def test_a_combinations_tests_share_one_scope_whatever_else_they_are_parametrized_by():
    assert {
        scope("tests/test_ecs.py::test_task_definition_passes_the_fargate_checks[flask-xray-py3.11]"),
        scope("tests/test_tracing_failures.py::test_misconfigured[flask-xray-py3.11-bad-daemon-address]"),
        scope("tests/test_worker_traces.py::TestXRay::test_retry_is_flagged[flask-xray-py3.11]"),
    } == {"flask-xray-py3.11"}
    assert scope("tests/test_ecs.py::test_x[flask-xray-py3.12]") == "flask-xray-py3.12"


def test_other_tests_are_scopes_of_their_own():
    for nodeid in ("tests/test_prompts.py::test_defaults", "tests/test_prompts.py::test_names[quotes-xray]"):
        assert scope(nodeid) == nodeid
