"""What people read for the values of the domain's enumerations, in their language.

The catalog learns each label from the N_ marks here; `label` translates at the moment a page
or an e-mail shows it. Templates use the `label` filter: `{{ idea.stage|label }}`.
"""

import enum

from app.i18n import N_, gettext
from app.models.accounts import Role
from app.models.ideas import Stage, Status
from app.models.replications import ReplicationStatus
from app.models.reviews import AssignmentStatus, Recommendation

LABELS: dict[enum.Enum, str] = {
    Stage.submit: N_("Submit"),
    Stage.incubate: N_("Incubate"),
    Stage.pilot: N_("Pilot"),
    Stage.evaluate: N_("Evaluate"),
    Stage.replicate: N_("Replicate"),
    Status.draft: N_("Draft"),
    Status.active: N_("Active"),
    Status.rejected: N_("Rejected"),
    Status.withdrawn: N_("Withdrawn"),
    Role.submitter: N_("Innovator"),
    Role.reviewer: N_("Reviewer"),
    Role.country_officer: N_("Country officer"),
    Role.lab_manager: N_("Lab manager"),
    Role.admin: N_("Administrator"),
    Recommendation.advance: N_("Advance"),
    Recommendation.revise: N_("Revise"),
    Recommendation.reject: N_("Reject"),
    AssignmentStatus.pending: N_("Pending"),
    AssignmentStatus.accepted: N_("Accepted"),
    AssignmentStatus.declined: N_("Declined"),
    AssignmentStatus.submitted: N_("Submitted"),
    ReplicationStatus.proposed: N_("Proposed"),
    ReplicationStatus.planned: N_("Planned"),
    ReplicationStatus.in_progress: N_("In progress"),
    ReplicationStatus.completed: N_("Completed"),
    ReplicationStatus.discontinued: N_("Discontinued"),
}


def label(value: enum.Enum | None) -> str:
    """The translated label of an enumeration value ("" for None)."""
    if value is None:
        return ""
    return gettext(LABELS[value])


def sentence_name(value: str, *kinds: type[enum.Enum]) -> str:
    """A stored value of one of `kinds` as a sentence names it ("incubate", "in progress"): its
    label in lower case, in the reader's language; a value of none of them stays as it is."""
    for kind in kinds:
        if value in kind._value2member_map_:
            return label(kind(value)).lower()
    return value
