"""The application factory."""

import logging
from pathlib import Path

from fastapi import Depends, FastAPI
from fastapi.staticfiles import StaticFiles

from app.config import settings
from app.deps import identify
from app.errors import install_error_handlers
from app.middleware import GuardMiddleware
from app.routers import account_pages, admin_pages, auth, countries, health, ideas, pages

STATIC_DIR = Path(__file__).parent / "static"


def create_app() -> FastAPI:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    app = FastAPI(
        title="Solutions Lab",
        summary="Incubating development solutions between countries of the Global South",
        version="1.0.0",
        openapi_url="/openapi.json",
        docs_url=None,
        redoc_url=None,
        # Every request learns who is asking; unsafe ones are checked for CSRF.
        dependencies=[Depends(identify)],
    )
    install_error_handlers(app)
    app.add_middleware(GuardMiddleware, max_body_bytes=settings.max_body_bytes)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    for module in (health, auth, countries, ideas, pages, account_pages, admin_pages):
        app.include_router(module.router)
    return app
