{#- The tests of a WSGI service's segments, shared by Flask's and Django's parts; `get(path)`
    is theirs, and `database_type` the name the SDK gives their SQLite driver. -#}
def test_request_becomes_a_segment_with_database_subsegments(daemon):
    get("/")
    segment = daemon()
    assert segment["name"] == SERVICE_NAME
    assert segment["http"]["response"]["status"] == 200
    databases = {sub["sql"]["database_type"] for sub in segment["subsegments"] if "sql" in sub}
    assert databases == {"{{ database_type }}"}


def test_error_is_recorded_on_the_segment(daemon):
    get("/error")
    segment = daemon()
    assert segment["fault"] is True
    assert segment["cause"]["exceptions"][0]["type"] == "RuntimeError"
{#- (ends here: the including file spaces what follows) -#}
