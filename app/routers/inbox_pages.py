"""The signed-in user's inbox: notifications newest first, and marking them read."""

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from app.deps import CurrentUser, SessionDep
from app.i18n import _
from app.routers.web import redirect, render
from app.services import notifications

router = APIRouter(include_in_schema=False)


@router.get("/inbox", response_class=HTMLResponse)
def inbox(request: Request, session: SessionDep, user: CurrentUser):
    return render(request, "inbox/inbox.html", {"items": notifications.inbox(session, user=user)})


@router.post("/inbox/read")
def mark_all_read(session: SessionDep, user: CurrentUser):
    notifications.mark_all_read(session, user=user)
    return redirect("/inbox", flash=_("Every notification is marked as read."))
