"""A stand-in for the sampling API that the X-Ray daemon proxies (TCP, beside its UDP intake):
`POST /GetSamplingRules` and `POST /SamplingTargets`, answering with X-Ray's default rule as an
account without rules of its own has it: the first request each second, then 5 % of the rest.
Both the X-Ray SDK and ADOT's `xray` sampler ask it."""

import json
import time

from .loopback import CollectorHandler, LoopbackHttpServer

DEFAULT_RULE = {
    "RuleName": "Default",
    "RuleARN": "arn:aws:xray:us-east-1:123456789012:sampling-rule/Default",
    "ResourceARN": "*",
    "Priority": 10000,
    "FixedRate": 0.05,
    "ReservoirSize": 1,
    "ServiceName": "*",
    "ServiceType": "*",
    "Host": "*",
    "HTTPMethod": "*",
    "URLPath": "*",
    "Version": 1,
    "Attributes": {},
}


class XRaySamplingApi(LoopbackHttpServer):
    """Runs on a free loopback port; use as a context manager. `asked` counts the calls by path."""

    def __init__(self):
        self.asked: dict[str, int] = {}
        super().__init__()

    @property
    def address(self) -> str:
        return self.url.removeprefix("http://")

    def _handler_class(self):
        api = self

        class Handler(CollectorHandler):
            def do_POST(self):
                asked = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
                with api._lock:
                    api.asked[self.path] = api.asked.get(self.path, 0) + 1
                if self.path == "/GetSamplingRules":
                    answer = {"SamplingRuleRecords": [{"SamplingRule": DEFAULT_RULE}]}
                elif self.path == "/SamplingTargets":
                    now = time.time()
                    targets = [
                        {
                            "RuleName": document["RuleName"],
                            "FixedRate": DEFAULT_RULE["FixedRate"],
                            "ReservoirQuota": DEFAULT_RULE["ReservoirSize"],
                            "ReservoirQuotaTTL": now + 10,
                            "Interval": 10,
                        }
                        for document in asked.get("SamplingStatisticsDocuments", [])
                    ]
                    answer = {"SamplingTargetDocuments": targets, "LastRuleModification": 0}
                else:
                    return self._reply(404, b"{}")
                self._reply(200, json.dumps(answer).encode())

        return Handler
