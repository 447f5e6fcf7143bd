"""All settings, read once from the environment (and `.env`). Nothing else reads os.environ."""

import os
import secrets
import time
from functools import cached_property
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_DIR = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    # Where the embedded database, the generated secret key and backups live.
    var_dir: Path = PROJECT_DIR / "var"
    # Empty means the SQLite file var/solutions_lab.db.
    database_url: str = ""
    # Empty means: generate once and keep in var/secret_key.
    secret_key: str = ""
    # Set when the site is served over HTTPS: session cookies become Secure.
    https: bool = False
    sqlite_busy_timeout_ms: int = 5000
    # Database connections per app process; also the most requests a process serves at once.
    db_pool_size: int = 20
    # Requests larger than this get 413.
    max_body_bytes: int = 1_000_000

    session_idle_minutes: int = 120
    session_absolute_hours: int = 24 * 7
    api_token_days: int = 30
    signin_max_failures: int = 5
    # Higher per address: a country office may sign in many people from one address.
    signin_max_failures_per_address: int = 30
    signin_window_minutes: int = 15

    # Stage gates (DESIGN.md section 1).
    gate_submit_min_reviews: int = 2
    gate_submit_min_mean: float = 3.0
    gate_evaluate_min_reviews: int = 2
    gate_evaluate_min_mean: float = 3.5
    gate_evaluate_max_spread: float = 1.25

    # Reviews (DESIGN.md section 2).
    blind_review: bool = True
    conflict_same_country: bool = True
    reviewers_per_idea: int = 3
    reviewer_load_cap: int = 6

    # Replications (DESIGN.md section 4).
    replication_overdue_days: int = 90

    # Country-pair matching weights (DESIGN.md section 3).
    match_weight_evidence: float = 0.45
    match_weight_shared: float = 0.2
    match_weight_context: float = 0.15
    match_weight_text: float = 0.2

    log_level: str = "INFO"

    smtp_url: str = ""
    mail_from: str = "Solutions Lab <noreply@solutions-lab.local>"

    demo_password: str = Field(default="demo-pass-2026", description="password of the demo accounts")

    @cached_property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.var_dir / 'solutions_lab.db'}"

    @cached_property
    def resolved_secret_key(self) -> str:
        if self.secret_key:
            return self.secret_key
        key_file = self.var_dir / "secret_key"
        self.var_dir.mkdir(parents=True, exist_ok=True)
        try:
            # O_EXCL: when several workers start at once, exactly one writes the key.
            descriptor = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(descriptor, "w") as out:
                out.write(secrets.token_urlsafe(48))
        for _ in range(50):  # another worker may be writing it this very moment
            key = key_file.read_text().strip()
            if key:
                return key
            time.sleep(0.01)
        raise RuntimeError(f"{key_file} is empty")

    @property
    def is_sqlite(self) -> bool:
        return self.resolved_database_url.startswith("sqlite")


settings = Settings()
