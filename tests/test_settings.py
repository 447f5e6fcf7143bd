"""Every setting is documented in .env.example."""

import re

from app.config import PROJECT_DIR, Settings


def documented_settings() -> set[str]:
    text = (PROJECT_DIR / ".env.example").read_text()
    return set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]+)=", text, flags=re.MULTILINE))


def test_every_setting_is_in_env_example():
    expected = {name.upper() for name in Settings.model_fields}
    assert expected - documented_settings() == set()


def test_env_example_names_no_unknown_setting():
    known = {name.upper() for name in Settings.model_fields}
    assert documented_settings() - known == set()


def test_secret_key_is_generated_once_and_kept(tmp_path):
    first = Settings(var_dir=tmp_path, secret_key="").resolved_secret_key
    second = Settings(var_dir=tmp_path, secret_key="").resolved_secret_key
    assert len(first) >= 40 and first == second
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_database_url_defaults_to_sqlite_under_var(tmp_path):
    assert Settings(var_dir=tmp_path, database_url="").resolved_database_url == f"sqlite:///{tmp_path}/solutions_lab.db"
