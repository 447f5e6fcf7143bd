"""What the idea pages show: an idea with its history, gate and the actions open to the viewer,
and the choices of the idea and pilot forms. Read-only; the actions are in ideas, stages, pilots."""

from dataclasses import dataclass, field
from datetime import datetime

from sqlmodel import Session, select

from app.errors import Forbidden
from app.i18n import N_, _
from app.models.accounts import User
from app.models.idea_schemas import IdeaPublic
from app.models.ideas import STAGE_ORDER, Idea, PilotPlan, Stage, Status, Transition
from app.models.reference import Country, Sdg, ThemePublic
from app.services import ideas, reference, reviews, rules, stages
from app.services.gates import Condition, gate_conditions
from app.services.idea_access import get_visible_idea
from app.services.lineage import Lineage, solution_lineage
from app.services.review_views import ReviewCard, review_cards

SUBMITTER = N_("the submitter")


@dataclass(frozen=True)
class StageStep:
    stage: Stage
    state: str  # "done", "current" or "" (still ahead)


@dataclass(frozen=True)
class HistoryItem:
    label: str
    from_state: str
    to_state: str
    actor_name: str
    reason: str
    override: bool
    at: datetime


@dataclass(frozen=True)
class RevisionItem:
    message: str
    stage: Stage
    actor_name: str
    at: datetime


@dataclass(frozen=True)
class IdeaActions:
    can_edit: bool = False
    can_submit: bool = False
    can_withdraw: bool = False
    can_reject: bool = False
    can_request_revision: bool = False
    advance_to: str | None = None
    advance_blocked: bool = False  # unmet conditions that no override lifts
    needs_override: bool = False  # only review conditions are unmet: an override may lift them
    can_edit_plan: bool = False
    can_report: bool = False

    @property
    def any(self) -> bool:
        return any((self.can_edit, self.can_submit, self.can_withdraw, self.can_reject, self.can_request_revision,
                    self.advance_to, self.can_edit_plan, self.can_report))


@dataclass(frozen=True)
class IdeaView:
    idea: IdeaPublic
    country_name: str
    theme_names: list[str]
    sdgs: list[Sdg]
    steps: list[StageStep]
    history: list[HistoryItem]
    revisions: list[RevisionItem] | None  # None: not for this viewer
    gate: list[Condition]
    plan: PilotPlan | None
    host_country_name: str
    actions: IdeaActions
    reviews: list[ReviewCard] = field(default_factory=list)  # what blind review lets the viewer see
    shows_reviews: bool = False
    lineage: Lineage | None = None  # where a solution came from, was piloted and replicated


def idea_view(session: Session, *, idea_id: int, viewer: User | None) -> IdeaView:
    """The idea page: what the viewer may see of the idea, and what they may do with it."""
    idea = get_visible_idea(session, idea_id=idea_id, viewer=viewer)
    public = ideas.present_idea(idea, viewer=viewer, owner_name=ideas.owner_names(session, [idea])[idea.owner_id])
    transitions = stages.history(session, idea=idea)
    requests = ideas.revision_requests(session, idea=idea) if rules.sees_revision_requests(viewer, idea) else None
    names = _actor_names(session, idea, [t.actor_id for t in transitions] + [r.actor_id for r in requests or []],
                         shows_submitter=public.submitter is not None)
    gate = gate_conditions(session, idea) if idea.status == Status.active else []
    if not rules.is_lab_manager(viewer):
        gate = [condition.without_figures() for condition in gate]
    plan = session.get(PilotPlan, idea.id)
    countries = reference.country_names(session, [idea.origin_country] + ([plan.host_country] if plan else []))
    themes = reference.theme_names(session)
    return IdeaView(
        idea=public, country_name=countries.get(idea.origin_country, idea.origin_country),
        theme_names=[themes.get(code, code) for code in idea.themes],
        sdgs=[sdg for sdg in reference.list_sdgs(session) if sdg.number in idea.sdgs],
        steps=[StageStep(s, "done" if s.index < idea.stage.index else "current" if s == idea.stage else "")
               for s in STAGE_ORDER],
        history=[_history_item(t, names) for t in transitions],
        revisions=None if requests is None else [RevisionItem(r.message, r.stage, names[r.actor_id], r.at) for r in requests],
        gate=gate, plan=plan, host_country_name=countries.get(plan.host_country, "") if plan else "",
        actions=_actions(viewer, idea, gate, has_plan=plan is not None),
        **_reviews(session, idea, viewer),
        lineage=solution_lineage(session, idea=idea, viewer=viewer, plan=plan),
    )


def _reviews(session: Session, idea: Idea, viewer: User | None) -> dict:
    """The reviews the viewer may see; the section shows to the idea's authors and lab managers
    even before there is any (assigned reviewers score on their own page)."""
    cards = review_cards(session, reviews.reviews_for_idea(session, viewer=viewer, idea_id=idea.id))
    return {"reviews": cards, "shows_reviews": bool(cards) or rules.sees_revision_requests(viewer, idea)}


def _actor_names(session: Session, idea: Idea, actor_ids: list[int], *, shows_submitter: bool) -> dict[int, str]:
    """Who made each change; under blind review the submitter stays "the submitter"."""
    found = dict(session.exec(select(User.id, User.name).where(User.id.in_(sorted(set(actor_ids))))).all()) if actor_ids else {}
    if not shows_submitter and idea.owner_id in found:
        found[idea.owner_id] = _(SUBMITTER)
    return found


def _history_item(transition: Transition, names: dict[int, str]) -> HistoryItem:
    return HistoryItem(
        label=transition_label(transition.from_state, transition.to_state), from_state=transition.from_state,
        to_state=transition.to_state, actor_name=names[transition.actor_id] if transition.actor_id in names else _("someone"), reason=transition.reason,
        override=transition.override, at=transition.at,
    )


def transition_label(from_state: str, to_state: str) -> str:
    labels = {"active": N_("Submitted"), "rejected": N_("Rejected"), "withdrawn": N_("Withdrawn")}
    if to_state in labels:
        return _(labels[to_state])
    return _("Moved from %(from)s to %(to)s") % {"from": stages.state_name(from_state), "to": stages.state_name(to_state)}


def _actions(viewer: User | None, idea: Idea, gate: list[Condition], *, has_plan: bool) -> IdeaActions:
    moves = stages.available_moves(viewer, idea)
    advance_to = idea.stage.next.value if idea.stage.next and idea.stage.next.value in moves else None
    unmet = [c for c in gate if not c.met]
    return IdeaActions(
        can_edit=rules.can_edit_idea(viewer, idea), can_submit="active" in moves, can_withdraw="withdrawn" in moves,
        can_reject="rejected" in moves, can_request_revision=rules.can_decide_idea(viewer, idea),
        advance_to=advance_to,
        advance_blocked=any(not c.overridable for c in unmet),
        needs_override=bool(unmet) and all(c.overridable for c in unmet),
        can_edit_plan=rules.can_edit_pilot_plan(viewer, idea),
        can_report=has_plan and rules.can_report_pilot(viewer, idea),
    )


# ---- the forms ----

@dataclass(frozen=True)
class IdeaFormChoices:
    countries: list[Country]
    themes: list[ThemePublic]
    sdgs: list[Sdg]
    languages: list[tuple[str, str]]  # (code, name): the languages an idea may be written in


def idea_form_choices(session: Session) -> IdeaFormChoices:
    return IdeaFormChoices(
        countries=reference.list_countries(session), themes=reference.list_themes(session),
        sdgs=reference.list_sdgs(session), languages=reference.written_languages(session),
    )


@dataclass(frozen=True)
class IdeaEditForm:
    idea: Idea
    choices: IdeaFormChoices


def idea_edit_form(session: Session, *, idea_id: int, viewer: User) -> IdeaEditForm:
    """The edit form, for the owner while the idea is at the submit stage (as update_idea requires)."""
    idea = get_visible_idea(session, idea_id=idea_id, viewer=viewer)
    if not rules.can_edit_idea(viewer, idea):
        raise Forbidden(_("Only the submitter can edit an idea, and only at the submit stage."))
    return IdeaEditForm(idea=idea, choices=idea_form_choices(session))


@dataclass(frozen=True)
class PilotForm:
    idea: Idea
    plan: PilotPlan | None
    countries: list[Country]


def pilot_plan_form(session: Session, *, idea_id: int, viewer: User) -> PilotForm:
    """The pilot plan form, for those who may keep the plan (as save_pilot_plan requires)."""
    idea = get_visible_idea(session, idea_id=idea_id, viewer=viewer)
    if not rules.can_edit_pilot_plan(viewer, idea):
        raise Forbidden(_("The pilot plan is kept by the submitter and lab managers, at the incubate and pilot stages."))
    return PilotForm(idea=idea, plan=session.get(PilotPlan, idea.id), countries=reference.list_countries(session))


def pilot_report_form(session: Session, *, idea_id: int, viewer: User) -> PilotForm:
    """The pilot report form, while the idea is piloted (as submit_pilot_report requires)."""
    idea = get_visible_idea(session, idea_id=idea_id, viewer=viewer)
    if not rules.can_report_pilot(viewer, idea):
        raise Forbidden(_("The pilot report is written by the submitter or a lab manager while the idea is piloted."))
    return PilotForm(idea=idea, plan=session.get(PilotPlan, idea.id), countries=[])
