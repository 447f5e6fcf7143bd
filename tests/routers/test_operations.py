"""Request ids, structured logs and metrics."""

import json
import logging

from app.observability import JsonFormatter, request_id


def test_every_response_carries_a_request_id(client):
    generated = client.get("/healthz").headers["X-Request-ID"]
    assert len(generated) == 32
    assert client.get("/healthz", headers={"X-Request-ID": "abc-123"}).headers["X-Request-ID"] == "abc-123"
    assert client.get("/healthz", headers={"X-Request-ID": "bad id!"}).headers["X-Request-ID"] != "bad id!"


def test_log_lines_are_json_with_the_request_id():
    token = request_id.set("req-42")
    try:
        record = logging.LogRecord("app.test", logging.INFO, __file__, 1, "hello %s", ("world",), None)
        record.fields = {"status": 200}
        line = json.loads(JsonFormatter().format(record))
    finally:
        request_id.reset(token)
    assert (line["message"], line["request_id"], line["status"], line["level"]) == ("hello world", "req-42", 200, "INFO")


def test_metrics_count_requests_per_route_and_show_the_outbox(client):
    client.get("/api/v1/countries/KEN")
    body = client.get("/metrics").text
    assert 'http_requests_total{method="GET",route="/api/v1/countries/{code}",status="200"}' in body
    assert "http_request_duration_seconds_bucket" in body
    assert "outbox_backlog 0" in body
