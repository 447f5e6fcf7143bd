"""The application factory."""

import gc
from pathlib import Path

from fastapi import Depends, FastAPI
from fastapi.staticfiles import StaticFiles

from app.config import settings
from app.deps import identify
from app.errors import install_error_handlers
from app.locale_middleware import LocaleMiddleware
from app.middleware import GuardMiddleware, RequestGate
from app.observability import RequestContextMiddleware, configure_logging
from app.routers import (
    account_pages, admin_pages, auth, board_pages, catalogue_pages, countries, health, idea_pages, ideas, pages,
    matches, metrics, pilot_pages, replications, reviews,
)
from app.routers.responses import document_common_errors
from app.routers import country_pages, lab_pages, replication_pages
from app.routers import inbox_pages, language, review_pages, rubric_pages

STATIC_DIR = Path(__file__).parent / "static"


def create_app() -> FastAPI:
    configure_logging(settings.log_level)
    # Fewer, larger young-generation collections: a request allocates many short-lived objects,
    # and the default threshold (700) runs the collector several times per request.
    gc.set_threshold(20_000, 20, 20)
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
    app.add_middleware(RequestGate, max_in_flight=settings.db_pool_size, single_writer=settings.is_sqlite)
    app.add_middleware(GuardMiddleware, max_body_bytes=settings.max_body_bytes)
    app.add_middleware(LocaleMiddleware)  # outside the guard: its refusals speak the reader's language
    app.add_middleware(RequestContextMiddleware)  # added last: the outermost layer
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    pages_modules = (pages, account_pages, admin_pages, idea_pages, pilot_pages, catalogue_pages, board_pages)
    pages_modules += (country_pages, replication_pages, lab_pages)
    pages_modules += (review_pages, rubric_pages, inbox_pages, language)
    for module in (health, metrics, auth, countries, ideas, reviews, matches, replications, *pages_modules):
        app.include_router(module.router)
    document_common_errors(app)
    return app
