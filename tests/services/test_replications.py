"""Replications: the status × role table, progress and overdue at frozen times, exports."""

import csv
import io
from datetime import date
from xml.etree import ElementTree as ET

import pytest
import time_machine

from app.errors import Conflict, Forbidden, InvalidTransition, NotFound, ValidationFailed
from app.models.accounts import Role
from app.models.ideas import Stage
from app.models.replication_schemas import IndicatorSpec, ProgressUpdateIn, ReplicationCreate, ReplicationUpdate, ValueIn
from app.models.replications import ReplicationStatus as R
from app.services import replication_exports, replication_views, replications
from app.services.progress import indicator_progress, is_overdue
from tests.factories import make_user
from tests.idea_factories import make_idea


@pytest.fixture
def office(session):
    people = {
        "officer": make_user(session, roles=[Role.country_officer], country="BGD"),
        "other_officer": make_user(session, roles=[Role.country_officer], country="KEN"),
        "manager": make_user(session, roles=[Role.lab_manager]),
        "submitter": make_user(session, roles=[Role.submitter], country="UGA"),
    }
    people["solution"] = make_idea(session, owner=people["submitter"], stage=Stage.replicate, country="UGA",
                                   title="Solar kiosks — أكشاك شمسية — 太阳能水站")
    return people


def propose(session, office, **changes):
    data = ReplicationCreate(idea_id=office["solution"].id, country="BGD",
                             indicators=[IndicatorSpec(name="Households served", unit="households", baseline=0, target=400)],
                             **changes)
    return replications.propose_replication(session, actor=office["officer"], data=data)


def test_propose_a_proven_solution(session, office):
    replication = propose(session, office, adaptation_notes="Filters for saline water", budget=25000)
    assert (replication.status, replication.version, replication.country_code) == (R.proposed, 1, "BGD")
    assert [lead.user_id for lead in replication.lead_rows] == [office["officer"].id]


@pytest.mark.parametrize(("stage", "country", "actor", "error"), [
    (Stage.pilot, "BGD", "officer", ValidationFailed),        # not proven yet
    (Stage.evaluate, "BGD", "officer", ValidationFailed),     # evaluated, but no passing score
    (Stage.replicate, "UGA", "manager", ValidationFailed),    # its own origin country
    (Stage.replicate, "BGD", "other_officer", Forbidden),     # an officer of another country
    (Stage.replicate, "BGD", "submitter", Forbidden),
])
def test_propose_refused(session, office, stage, country, actor, error):
    idea = make_idea(session, owner=office["submitter"], stage=stage, country="UGA")
    with pytest.raises(error):
        replications.propose_replication(session, actor=office[actor], data=ReplicationCreate(idea_id=idea.id, country=country))


# (from status, to, actor, expected)
STATUS_TABLE = [
    (R.proposed, R.planned, "officer", "ok"),
    (R.proposed, R.planned, "manager", "ok"),
    (R.proposed, R.planned, "other_officer", NotFound),
    (R.proposed, R.planned, "submitter", NotFound),
    (R.proposed, R.in_progress, "officer", InvalidTransition),
    (R.planned, R.in_progress, "officer", "ok"),
    (R.in_progress, R.completed, "officer", "ok"),
    (R.in_progress, R.planned, "officer", InvalidTransition),
    (R.proposed, R.discontinued, "officer", "ok"),
    (R.in_progress, R.discontinued, "manager", "ok"),
    (R.completed, R.discontinued, "officer", InvalidTransition),
    (R.discontinued, R.planned, "officer", InvalidTransition),
]


@pytest.mark.parametrize(("start", "to", "actor", "expected"), STATUS_TABLE)
def test_status_table(session, office, start, to, actor, expected):
    replication = propose(session, office)
    replication.status = start
    session.add(replication)
    session.commit()
    reason = "Funding ended" if to == R.discontinued else ""
    call = dict(actor=office[actor], replication_id=replication.id, to=to, expected_version=1, reason=reason)
    if expected == "ok":
        changed = replications.change_status(session, **call)
        assert (changed.status, changed.version) == (to, 2)
        assert [t.to_status for t in replications.history(session, viewer=office[actor], replication_id=replication.id)][-1] == to.value
    else:
        with pytest.raises(expected):
            replications.change_status(session, **call)


def test_discontinue_needs_a_reason_and_stale_version_conflicts(session, office):
    replication = propose(session, office)
    with pytest.raises(ValidationFailed):
        replications.change_status(session, actor=office["officer"], replication_id=replication.id, to=R.discontinued, expected_version=1)
    with pytest.raises(Conflict):
        replications.change_status(session, actor=office["officer"], replication_id=replication.id, to=R.planned, expected_version=9)


def test_everyone_signed_in_reads_but_others_cannot_edit(session, office):
    replication = propose(session, office)
    assert replication_views.read_replication(session, viewer=office["other_officer"], replication_id=replication.id).country == "BGD"
    with pytest.raises(NotFound):
        replications.update_replication(session, actor=office["other_officer"], replication_id=replication.id,
                                        data=ReplicationUpdate(expected_version=1, partners="x"))


def test_progress_and_overdue_at_frozen_times(session, office):
    with time_machine.travel("2026-01-10 12:00:00Z", tick=False):
        replication = propose(session, office, starts_on=date(2026, 1, 15))
        replications.change_status(session, actor=office["officer"], replication_id=replication.id, to=R.planned, expected_version=1)
        indicator = replication.indicators[0].id
        for day, value in (("2026-02-01", 100), ("2026-03-01", 250)):
            replications.add_progress_update(session, actor=office["officer"], replication_id=replication.id,
                                             data=ProgressUpdateIn(note="Going well", happened_on=date.fromisoformat(day),
                                                                   values=[ValueIn(indicator_id=indicator, value=value)]),
                                             today=date(2026, 3, 1))
    shown = replication_views.present(session, [replication], today=date(2026, 5, 29))[0]
    assert (shown.indicators[0].latest, shown.indicators[0].progress, shown.last_update_on) == (250, 0.625, date(2026, 3, 1))
    assert shown.overdue is False  # 89 days after the last update
    assert replication_views.present(session, [replication], today=date(2026, 5, 31))[0].overdue is True


def test_progress_update_cannot_be_in_the_future_or_name_unknown_indicators(session, office):
    replication = propose(session, office)
    with pytest.raises(ValidationFailed):
        replications.add_progress_update(session, actor=office["officer"], replication_id=replication.id,
                                         data=ProgressUpdateIn(note="x", happened_on=date(2030, 1, 1)), today=date(2026, 1, 1))
    with pytest.raises(ValidationFailed):
        replications.add_progress_update(session, actor=office["officer"], replication_id=replication.id,
                                         data=ProgressUpdateIn(note="x", happened_on=date(2025, 1, 1), values=[ValueIn(indicator_id=99999, value=1)]),
                                         today=date(2026, 1, 1))


@pytest.mark.parametrize(("baseline", "target", "latest", "expected"), [
    (0, 400, 100, 0.25), (0, 400, None, None), (10, 10, 10, 1.0), (50, 10, 30, 0.5), (0, 100, 150, 1.5),
])
def test_indicator_progress(baseline, target, latest, expected):
    assert indicator_progress(baseline, target, latest) == expected


@pytest.mark.parametrize(("status", "last", "expected"), [
    (R.in_progress, date(2026, 1, 1), True), (R.in_progress, date(2026, 3, 1), False), (R.planned, None, True),
    (R.proposed, None, False), (R.completed, date(2025, 1, 1), False),
])
def test_overdue(status, last, expected):
    assert is_overdue(status, last_update_on=last, started_on=date(2025, 12, 1), today=date(2026, 4, 15), days=90) is expected


def test_csv_round_trips_non_latin_text(session, office):
    propose(session, office, partners="BRAC; جمعية المياه; 水务局")
    text = replication_exports.export_csv(session, viewer=office["other_officer"])
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    mine = [r for r in rows if r["solution"] == "Solar kiosks — أكشاك شمسية — 太阳能水站"]
    assert len(mine) == 1 and mine[0]["partners"] == "BRAC; جمعية المياه; 水务局" and mine[0]["country"] == "BGD"


def test_iati_xml_has_the_activity_elements(session, office):
    replication = propose(session, office, starts_on=date(2026, 2, 1), ends_on=date(2026, 12, 31), budget=25000)
    replications.change_status(session, actor=office["officer"], replication_id=replication.id, to=R.planned, expected_version=1)
    replications.change_status(session, actor=office["officer"], replication_id=replication.id, to=R.in_progress, expected_version=2)
    replications.add_progress_update(session, actor=office["officer"], replication_id=replication.id, today=date(2026, 6, 1),
                                     data=ProgressUpdateIn(note="x", happened_on=date(2026, 5, 1),
                                                           values=[ValueIn(indicator_id=replication.indicators[0].id, value=180)]))
    root = ET.fromstring(replication_exports.export_iati(session, viewer=office["officer"]))
    assert (root.tag, root.get("version")) == ("iati-activities", "2.03")
    activity = next(a for a in root.findall("iati-activity") if a.findtext("iati-identifier") == f"XM-SOLUTIONS-LAB-R{replication.id}")
    assert "Solar kiosks" in activity.find("title/narrative").text
    assert activity.find("description/narrative").text
    assert activity.find("activity-status").get("code") == "2"
    assert activity.find("recipient-country").get("code") == "BD"
    assert [(s.get("vocabulary"), s.get("code")) for s in activity.findall("sector")] == [("1", "14010")]
    assert {d.get("type"): d.get("iso-date") for d in activity.findall("activity-date")} == {"1": "2026-02-01", "3": "2026-12-31"}
    indicator = activity.find("result/indicator")
    assert indicator.find("baseline").get("value") == "0"
    assert indicator.find("period/target").get("value") == "400"
    assert indicator.find("period/actual").get("value") == "180"
