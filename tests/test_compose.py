"""docker-compose.yml cannot run here (no Docker engine), so its wiring is checked by reading it."""

import yaml

from app.config import PROJECT_DIR


def compose() -> dict:
    return yaml.safe_load((PROJECT_DIR / "docker-compose.yml").read_text())


def test_compose_has_database_migrate_and_app():
    services = compose()["services"]
    assert {"postgres", "migrate", "app"} <= set(services)


def test_compose_app_waits_for_healthy_database_and_finished_migration():
    services = compose()["services"]
    assert services["migrate"]["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert services["app"]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert "healthcheck" in services["postgres"] and "healthcheck" in services["app"]


def test_compose_wires_one_database_url_to_migrate_and_app():
    services = compose()["services"]
    urls = {services[name]["environment"]["DATABASE_URL"] for name in ("migrate", "app")}
    assert len(urls) == 1
    url = urls.pop()
    assert url.startswith("postgresql+psycopg://") and "@postgres:5432/" in url
    assert "solutions-lab migrate" in " ".join(services["migrate"]["command"])


def test_compose_runs_several_app_replicas_behind_the_proxy():
    services = compose()["services"]
    assert services["app"]["deploy"]["replicas"] >= 2
    assert "ports" not in services["app"]  # only the proxy is published
    proxy = services["proxy"]
    assert proxy["depends_on"]["app"]["condition"] == "service_healthy"
    mounted = proxy["volumes"][0].split(":")
    assert mounted[0] == "./deploy/nginx.conf"
    config = (PROJECT_DIR / "deploy" / "nginx.conf").read_text()
    assert "server app:8000" in config and "proxy_pass http://solutions_lab;" in config
    assert "client_max_body_size 1m;" in config


def test_compose_sends_reminders_with_the_notify_command():
    assert "solutions-lab notify" in " ".join(compose()["services"]["notify"]["command"])
