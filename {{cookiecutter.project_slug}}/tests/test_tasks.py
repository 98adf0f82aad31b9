from {{ cookiecutter.project_slug }} import producer, tasks


def test_add_returns_the_sum(eager):
    assert tasks.add.delay(2, 3).get() == 5


def test_fail_fails_with_its_exception(eager):
    result = tasks.fail.delay()
    assert result.failed()
    assert isinstance(result.result, RuntimeError)


def test_flaky_succeeds_on_its_second_attempt(eager):
    assert tasks.flaky.delay().get() == 2


def test_fan_out_enqueues_another_task(eager):
    assert isinstance(tasks.fan_out.delay(4).get(), str)


def test_producer_gets_every_expected_outcome_through_the_broker(worker):
    assert producer.main(["--timeout", "20"]) == 0
