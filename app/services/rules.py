"""Who may do what: small predicates used by services, routers' dependencies and templates."""

from app.models.accounts import Role, User
from app.models.ideas import PUBLIC_STAGES, Stage, Status


def has_role(user: User | None, *roles: Role) -> bool:
    return user is not None and user.is_active and bool(user.roles & set(roles))


def is_admin(user: User | None) -> bool:
    return has_role(user, Role.admin)


def is_lab_manager(user: User | None) -> bool:
    """Lab managers run the stage gates; admins may do everything a lab manager does."""
    return has_role(user, Role.lab_manager, Role.admin)


def can_manage_users(user: User | None) -> bool:
    return is_admin(user)


def is_country_officer_of(user: User | None, country_code: str | None) -> bool:
    return has_role(user, Role.country_officer) and country_code is not None and user.country_code == country_code


# ---- ideas ----

def is_owner(user: User | None, idea) -> bool:
    return user is not None and idea.owner_id == user.id


def is_coauthor(user: User | None, idea) -> bool:
    return user is not None and user.email in idea.coauthors


def is_public(idea) -> bool:
    """The public catalogue: active ideas that reached the pilot stage or later."""
    return idea.status == Status.active and idea.stage in PUBLIC_STAGES


def can_view_idea(user: User | None, idea, *, assigned: bool = False) -> bool:
    """Drafts: their owner alone. Others: the public, the authors, lab managers, assigned reviewers."""
    if idea.status == Status.draft:
        return is_owner(user, idea)
    return is_public(idea) or is_owner(user, idea) or is_coauthor(user, idea) or is_lab_manager(user) or assigned


def can_edit_idea(user: User | None, idea) -> bool:
    return is_owner(user, idea) and idea.stage == Stage.submit and idea.status in (Status.draft, Status.active)


def can_submit_idea(user: User | None, idea) -> bool:
    return is_owner(user, idea) and idea.status == Status.draft


def can_withdraw_idea(user: User | None, idea) -> bool:
    return is_owner(user, idea) and idea.status in (Status.draft, Status.active) and idea.stage != Stage.replicate


def can_decide_idea(user: User | None, idea) -> bool:
    """Advance, reject, ask for a revision: lab managers, on active ideas."""
    return is_lab_manager(user) and idea.status == Status.active


def sees_revision_requests(user: User | None, idea) -> bool:
    """Revision requests are between the lab and the idea's authors, not for the public."""
    return is_owner(user, idea) or is_coauthor(user, idea) or is_lab_manager(user)


def can_edit_pilot_plan(user: User | None, idea) -> bool:
    return (is_owner(user, idea) or is_lab_manager(user)) and idea.status == Status.active and idea.stage in (Stage.incubate, Stage.pilot)


def can_report_pilot(user: User | None, idea) -> bool:
    return (is_owner(user, idea) or is_lab_manager(user)) and idea.status == Status.active and idea.stage == Stage.pilot


def sees_submitter(user: User | None, idea, *, blind: bool) -> bool:
    """Blind review hides who submitted an idea from everyone but its authors and lab managers,
    until the idea is public."""
    return not blind or is_public(idea) or is_owner(user, idea) or is_coauthor(user, idea) or is_lab_manager(user)


# ---- reviews ----

def review_access(user: User | None, idea, *, assigned: bool, submitted_own: bool) -> str:
    """How much of an idea's reviews the user sees (blind review, DESIGN.md section 2):

    - "all": lab managers — names, scores, both comments;
    - "peer": an assigned reviewer who has submitted their own review — the others' scores,
      recommendations and comments to the submitter, without names or confidential comments;
    - "own": an assigned reviewer before submitting — their own review only;
    - "author": the submitter and co-authors — the comments to them, nothing else;
    - "none": everyone else.
    """
    if is_lab_manager(user):
        return "all"
    if assigned:
        return "peer" if submitted_own else "own"
    if is_owner(user, idea) or is_coauthor(user, idea):
        return "author"
    return "none"


def can_see_score(access: str) -> bool:
    """Aggregate scores: lab managers, and reviewers who have given their own."""
    return access in ("all", "peer")


def is_assigned_reviewer(user: User | None, assignment) -> bool:
    return user is not None and assignment.reviewer_id == user.id


def can_respond_to_assignment(user: User | None, assignment) -> bool:
    """Only the assigned reviewer accepts or declines, and only while the assignment is pending."""
    return is_assigned_reviewer(user, assignment) and assignment.status.value == "pending"


def can_write_review(user: User | None, assignment) -> bool:
    """Only the assigned reviewer scores, while the assignment is open (pending or accepted)."""
    return is_assigned_reviewer(user, assignment) and assignment.status.value in ("pending", "accepted")


def can_declare_conflicts(user: User | None) -> bool:
    """Reviewers declare their conflicts of interest (admins, holding every power, may too)."""
    return has_role(user, Role.reviewer, Role.admin)
