"""The Prometheus metrics of an app process (no web framework here: services count too)."""

from prometheus_client import Counter, Histogram

REQUESTS = Counter("http_requests_total", "HTTP requests", ["method", "route", "status"])
LATENCY = Histogram("http_request_duration_seconds", "HTTP request latency", ["method", "route"],
                    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5))
GATE_DECISIONS = Counter("gate_decisions_total", "Stage gate decisions by the stage left and the result",
                         ["stage", "result"])
