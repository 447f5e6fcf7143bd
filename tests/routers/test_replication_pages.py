"""The replication pages: the lineage on the idea page, proposing, the replication page and its
forms (status, edit, progress), the dashboard and the flow map."""

import re
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from sqlmodel import Session

from app.i18n import format_date
from app.models.accounts import Role
from app.models.countries import ChallengeIn
from app.models.ideas import Stage
from app.models.replication_schemas import IndicatorSpec, ProgressUpdateIn, ReplicationCreate, ValueIn
from app.models.replications import Replication, ReplicationStatus
from app.services import challenges, replications
from tests.clients import field_error, input_value, sign_in
from tests.factories import make_user
from tests.idea_factories import make_idea, make_pilot_plan
from tests.routers.idea_data import count_statements, form_token, post_form, textarea_value

MARKUP = "<script>alert(1)</script>"
FREE_TEXT = f'{MARKUP} "Quoted" & \'single\' حلول المياه 水资源解决方案'
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt; &#34;Quoted&#34; &amp; &#39;single&#39; حلول المياه 水资源解决方案"


@pytest.fixture
def office(session: Session):
    people = {
        "officer": make_user(session, roles=[Role.country_officer], country="BGD", email="officer.bgd@example.org"),
        "other_officer": make_user(session, roles=[Role.country_officer], country="KEN", email="officer.ken@example.org"),
        "origin_officer": make_user(session, roles=[Role.country_officer], country="UGA", email="officer.uga@example.org"),
        "manager": make_user(session, roles=[Role.lab_manager], email="manager@example.org"),
        "submitter": make_user(session, roles=[Role.submitter], country="UGA", email="submitter@example.org"),
    }
    people["solution"] = make_idea(session, owner=people["submitter"], stage=Stage.replicate, country="UGA",
                                   title="Solar water kiosks")
    plan = make_pilot_plan(session, idea=people["solution"], reported=True)
    plan.reported_at = datetime(2026, 7, 1, tzinfo=UTC)  # the factory leaves it unset
    session.add(plan)
    session.commit()
    return people


def propose(session, office, *, country="BGD", actor="officer", status=ReplicationStatus.proposed, updates=(), **fields):
    """A replication through the services, moved on to `status`, with progress updates (day, value)."""
    data = ReplicationCreate(idea_id=office["solution"].id, country=country, indicators=[
        IndicatorSpec(name="Households served", unit="households", baseline=0, target=400)], **fields)
    replication = replications.propose_replication(session, actor=office[actor], data=data)
    order = [ReplicationStatus.planned, ReplicationStatus.in_progress, ReplicationStatus.completed]
    for step in order[: order.index(status) + 1] if status in order else []:
        replications.change_status(session, actor=office[actor], replication_id=replication.id, to=step,
                                   expected_version=replication.version)
    for day, value in updates:
        replications.add_progress_update(session, actor=office[actor], replication_id=replication.id, data=ProgressUpdateIn(
            note=f"Update of {day}", happened_on=day, values=[ValueIn(indicator_id=replication.indicators[0].id, value=value)]))
    return replication


def proposal_data(office, **changes) -> dict[str, str]:
    data = {"idea_id": str(office["solution"].id), "country": "BGD", "adaptation_notes": "Filters for saline water",
            "starts_on": "2026-01-01", "ends_on": "2026-12-31", "budget": "25000", "partners": "Union councils",
            "indicator-0-name": "Households served", "indicator-0-unit": "households", "indicator-0-baseline": "0",
            "indicator-0-target": "400"}
    data |= {f"indicator-{n}-{name}": "" for n in range(1, 5) for name in ("name", "unit", "baseline", "target")}
    return data | changes


def newest_replication(session) -> Replication:
    session.expire_all()
    return session.exec(Replication.__table__.select().order_by(Replication.id.desc())).first()


# ---- the lineage on the idea page ----

@pytest.mark.parametrize(("who", "button"), [
    ("officer", "/replications/new?idea_id={id}&amp;country=BGD"),
    ("manager", "/replications/new?idea_id={id}"),
    ("origin_officer", None),  # the solution's own country
    ("submitter", None),
    ("anonymous", None),
])
def test_idea_page_shows_the_lineage_and_who_may_propose(client, session, office, who, button):
    replication = propose(session, office, country="KEN", actor="manager", status=ReplicationStatus.in_progress,
                          updates=[(date.today(), 100)])
    if who != "anonymous":
        sign_in(client, email=office[who].email)
    text = client.get(f"/ideas/{office['solution'].id}").text
    lineage = text[text.index('id="lineage"'):]
    lineage = lineage[:lineage.index("</section>")]
    assert "Came from" in lineage and '<a href="/countries/UGA">Uganda</a>' in lineage
    assert "Piloted in" in lineage and "<strong>620</strong> households against a target of 500 (baseline 0)" in lineage
    assert "The pilot served more households than planned." in lineage
    if who == "anonymous":
        assert "Sign in</a> to see where it is replicated" in lineage and "/replications/" not in lineage
    else:
        assert f'<a href="/replications/{replication.id}">Kenya</a>' in lineage and "In progress" in lineage
        assert "25% of the way from baseline to target" in lineage
    expected = button.format(id=office["solution"].id) if button else None
    found = re.search(r'<a class="button primary" href="([^"]*)">Propose a replication</a>', lineage)
    assert (found.group(1) if found else None) == expected


def test_lineage_of_a_solution_not_proven_yet_offers_no_proposal(client, session, office):
    piloted = make_idea(session, owner=office["submitter"], stage=Stage.pilot, country="UGA")
    sign_in(client, email=office["officer"].email)
    text = client.get(f"/ideas/{piloted.id}").text
    assert "Lineage" in text and "Not replicated yet." in text and "No pilot plan yet." in text
    assert "Propose a replication" not in text


def test_ideas_before_the_pilot_have_no_lineage(client, session, office):
    early = make_idea(session, owner=office["submitter"], stage=Stage.incubate, country="UGA")
    sign_in(client, email=office["manager"].email)
    assert 'id="lineage"' not in client.get(f"/ideas/{early.id}").text


# ---- proposing ----

def test_officer_proposes_through_the_form(client, session, office):
    sign_in(client, email=office["officer"].email)
    path = f"/replications/new?idea_id={office['solution'].id}&country=BGD"
    page = client.get(path).text
    assert '<option value="BGD" selected>Bangladesh</option>' in page and "UGA" not in re.findall(r'option value="(\w+)"', page)
    response = post_form(client, path, "/replications/new", proposal_data(office))
    replication = newest_replication(session)
    assert (response.status_code, response.headers["location"]) == (303, f"/replications/{replication.id}")
    assert (replication.country_code, replication.status, replication.budget, replication.partners) == (
        "BGD", "proposed", 25000, "Union councils")
    shown = client.get(response.headers["location"]).text
    assert "The replication is proposed." in shown and "Households served" in shown and "US$ 25,000" in shown


def test_an_officer_proposes_in_their_own_country_only(client, session, office):
    sign_in(client, email=office["officer"].email)
    page = client.get(f"/replications/new?idea_id={office['solution'].id}&country=KEN").text
    assert re.findall(r'<option value="(\w+)"', page.split("<footer")[0]) == ["BGD"]  # the tampered country is not offered
    response = post_form(client, f"/replications/new?idea_id={office['solution'].id}", "/replications/new",
                         proposal_data(office, country="KEN"))
    assert response.status_code == 403


def test_proposal_errors_show_next_to_their_fields_with_the_input_kept(client, session, office):
    sign_in(client, email=office["officer"].email)
    path = f"/replications/new?idea_id={office['solution'].id}"
    data = proposal_data(office, starts_on="2026-06-01", ends_on="2026-01-01", budget="-5", partners=FREE_TEXT,
                         adaptation_notes=FREE_TEXT, **{"indicator-0-unit": "", "indicator-1-name": "Wells"})
    response = post_form(client, path, "/replications/new", data)
    assert response.status_code == 422
    page = response.text
    assert field_error(page, "ends_on") == "The replication must end after it starts"
    assert field_error(page, "budget") == "Input should be greater than or equal to 0"
    assert field_error(page, "indicator-0-unit") == "This field is required."
    assert field_error(page, "indicator-1-unit") == "This field is required."
    assert input_value(page, "partners") == FREE_TEXT and textarea_value(page, "adaptation_notes") == FREE_TEXT
    assert input_value(page, "indicator-1-name") == "Wells" and input_value(page, "starts_on") == "2026-06-01"
    assert ESCAPED in page and MARKUP not in page
    assert newest_replication(session) is None


def test_proposal_without_a_country_asks_for_one(client, session, office):
    sign_in(client, email=office["manager"].email)
    path = f"/replications/new?idea_id={office['solution'].id}"
    response = post_form(client, path, "/replications/new", proposal_data(office, country=""))
    assert response.status_code == 422 and field_error(response.text, "country") == "Choose a country from the list."


def test_proposal_in_the_solutions_own_country_is_refused_next_to_the_country(client, session, office):
    sign_in(client, email=office["manager"].email)
    path = f"/replications/new?idea_id={office['solution'].id}"
    response = post_form(client, path, "/replications/new", proposal_data(office, country="UGA"))
    assert response.status_code == 422
    assert field_error(response.text, "country") == "the origin country"
    assert "A solution is replicated in another country than its own." in response.text


@pytest.mark.parametrize(("who", "stage", "status"), [
    ("origin_officer", Stage.replicate, 403),  # its own country
    ("officer", Stage.pilot, 422),              # not proven
    ("officer", Stage.evaluate, 422),           # evaluated without a passing score
    ("submitter", Stage.replicate, 403),
])
def test_proposal_form_is_refused(client, session, office, who, stage, status):
    idea = make_idea(session, owner=office["submitter"], stage=stage, country="UGA")
    sign_in(client, email=office[who].email)
    assert client.get(f"/replications/new?idea_id={idea.id}").status_code == status


# ---- the replication page and its forms ----

def test_status_moves_on_through_the_page(client, session, office):
    replication = propose(session, office)
    sign_in(client, email=office["officer"].email)
    path = f"/replications/{replication.id}"
    for version, to, flash in ((1, "planned", "The replication is planned."), (2, "in_progress", "The replication is under way."),
                               (3, "completed", "The replication is completed.")):
        response = post_form(client, path, f"{path}/status", {"to": to, "expected_version": str(version)})
        assert (response.status_code, response.headers["location"]) == (303, path)
        assert flash in client.get(path).text
    page = client.get(path).text
    assert "Completed" in page and f'action="{path}/status"' not in page
    assert "Planned → in progress" in page and "In progress → completed" in page


def test_stale_version_answers_409_and_shows_changed_meanwhile(client, session, office):
    replication = propose(session, office)
    sign_in(client, email=office["officer"].email)
    path = f"/replications/{replication.id}"
    token = form_token(client.get(path).text, f"{path}/status")
    replications.change_status(session, actor=office["manager"], replication_id=replication.id,
                               to=ReplicationStatus.planned, expected_version=1)
    response = client.post(f"{path}/status", data={"to": "planned", "expected_version": "1", "csrf_token": token})
    assert response.status_code == 409
    assert "changed meanwhile" in response.text and 'name="expected_version" value="2"' in response.text


def test_discontinuing_needs_a_reason(client, session, office):
    replication = propose(session, office, status=ReplicationStatus.planned)
    sign_in(client, email=office["officer"].email)
    path = f"/replications/{replication.id}"
    response = post_form(client, path, f"{path}/status", {"to": "discontinued", "expected_version": "2", "reason": " "})
    assert response.status_code == 422 and field_error(response.text, "reason") == "This field is required."
    assert '<details class="action" open>\n      <summary>Discontinue</summary>' in response.text
    response = post_form(client, path, f"{path}/status", {"to": "discontinued", "expected_version": "2", "reason": FREE_TEXT})
    assert response.status_code == 303
    page = client.get(path).text
    assert "Discontinued" in page and ESCAPED in page and MARKUP not in page


def test_edit_form_saves_and_adds_indicators(client, session, office):
    replication = propose(session, office)
    sign_in(client, email=office["officer"].email)
    path = f"/replications/{replication.id}"
    page = client.get(path).text
    assert input_value(page, "budget") == "" and input_value(page, "starts_on") == ""
    data = {"expected_version": "1", "adaptation_notes": FREE_TEXT, "starts_on": "2026-02-01", "ends_on": "2026-09-30",
            "budget": "1500.5", "partners": "Khulna union", "indicator-0-name": "Wells tested", "indicator-0-unit": "wells",
            "indicator-0-baseline": "0", "indicator-0-target": "30"}
    response = post_form(client, path, f"{path}/edit", data)
    assert response.status_code == 303
    page = client.get(path).text
    assert ESCAPED in page and "US$ 1,500" in page and "Feb 1, 2026 to Sep 30, 2026" in page and "Wells tested" in page
    assert input_value(page, "budget") == "1500.5"
    session.expire_all()
    assert [i.name for i in session.get(Replication, replication.id).indicators] == ["Households served", "Wells tested"]


def test_edit_errors_keep_the_input(client, session, office):
    replication = propose(session, office)
    sign_in(client, email=office["officer"].email)
    path = f"/replications/{replication.id}"
    data = {"expected_version": "1", "adaptation_notes": "Kept", "starts_on": "2026-09-01", "ends_on": "2026-01-01",
            "budget": "lots", "partners": FREE_TEXT}
    response = post_form(client, path, f"{path}/edit", data)
    assert response.status_code == 422
    assert field_error(response.text, "ends_on") == "The replication must end after it starts"
    assert field_error(response.text, "budget") == "Enter a number."
    assert input_value(response.text, "partners") == FREE_TEXT and textarea_value(response.text, "adaptation_notes") == "Kept"


def test_progress_update_through_the_page(client, session, office):
    replication = propose(session, office, status=ReplicationStatus.in_progress)
    indicator = replication.indicators[0].id
    sign_in(client, email=office["officer"].email)
    path = f"/replications/{replication.id}"
    assert input_value(client.get(path).text, "happened_on") == date.today().isoformat()
    data = {"note": FREE_TEXT, "happened_on": date.today().isoformat(), f"value-{indicator}": "150"}
    response = post_form(client, path, f"{path}/updates", data)
    assert (response.status_code, response.headers["location"]) == (303, f"{path}#updates")
    page = client.get(path).text
    assert "The progress update is recorded." in page and ESCAPED in page and MARKUP not in page
    assert "Households served: <strong>150</strong> households" in page
    assert "Households served: 38% of the way from baseline to target" in page  # the SVG bar's text alternative
    assert '<svg class="chart line"' in page and f"Households served over time: {format_date(date.today())} 150 households" in page


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"note": ""}, "note", "This field is required."),
    ({"happened_on": (date.today() + timedelta(days=2)).isoformat()}, "happened_on", "in the future"),
    ({"value": "many"}, "value", "Enter a number."),
])
def test_progress_update_errors_show_next_to_their_fields(client, session, office, changes, field, message):
    replication = propose(session, office, status=ReplicationStatus.in_progress)
    indicator = replication.indicators[0].id
    sign_in(client, email=office["officer"].email)
    path = f"/replications/{replication.id}"
    data = {"note": "Kept note", "happened_on": date.today().isoformat(), f"value-{indicator}": "10"}
    data |= {(f"value-{indicator}" if k == "value" else k): v for k, v in changes.items()}
    response = post_form(client, path, f"{path}/updates", data)
    assert response.status_code == 422
    name = f"value-{indicator}" if field == "value" else field
    assert field_error(response.text, name) == message
    assert input_value(response.text, f"value-{indicator}") == data[f"value-{indicator}"]


def test_officer_of_another_country_reads_but_gets_404_on_changes(client, session, office):
    replication = propose(session, office)
    sign_in(client, email=office["other_officer"].email)
    path = f"/replications/{replication.id}"
    page = client.get(path)
    assert page.status_code == 200 and "Solar water kiosks" in page.text
    assert f'action="{path}/' not in page.text and "What you can do" not in page.text
    token = form_token(client.get("/account").text, "/account")
    indicator = replication.indicators[0].id
    for action, data in (("status", {"to": "planned", "expected_version": "1"}),
                         ("status", {"to": "planned", "expected_version": "x"}),
                         ("edit", {"expected_version": "1", "partners": "Taken over"}),
                         ("updates", {"note": "Mine now", "happened_on": date.today().isoformat(), f"value-{indicator}": "5"})):
        response = client.post(f"{path}/{action}", data={**data, "csrf_token": token})
        assert response.status_code == 404, (action, data)
    session.expire_all()
    assert (session.get(Replication, replication.id).version, session.get(Replication, replication.id).partners) == (1, "")


def test_anonymous_visitors_are_sent_to_sign_in(client, session, office):
    replication = propose(session, office)
    response = client.get(f"/replications/{replication.id}")
    assert (response.status_code, response.headers["location"]) == (303, f"/signin?next=/replications/{replication.id}")


def test_unknown_replication_answers_404(client, session, office):
    sign_in(client, email=office["officer"].email)
    assert client.get("/replications/999999").status_code == 404


# ---- the dashboard and the map ----

def test_propose_plan_and_report_then_dashboard_and_map_show_it(client, session, office):
    challenges.replace_challenges(session, actor=office["manager"], code="BGD",
                                  items=[ChallengeIn(theme="water-sanitation", priority=1, description="Saline water")])
    sign_in(client, email=office["officer"].email)
    idea_path = f"/ideas/{office['solution'].id}"
    link = re.search(r'href="(/replications/new\?[^"]*)">Propose a replication</a>', client.get(idea_path).text).group(1)
    response = post_form(client, link.replace("&amp;", "&"), "/replications/new", proposal_data(office))
    path = response.headers["location"]
    replication = newest_replication(session)
    post_form(client, path, f"{path}/status", {"to": "planned", "expected_version": "1"})
    post_form(client, path, f"{path}/status", {"to": "in_progress", "expected_version": "2"})
    indicator = session.get(Replication, replication.id).indicators[0].id
    post_form(client, path, f"{path}/updates", {"note": "Half way", "happened_on": date.today().isoformat(), f"value-{indicator}": "200"})
    dashboard = client.get("/dashboard").text
    group = dashboard[dashboard.index('id="group-in_progress"'):]
    assert f'<a href="/replications/{replication.id}">Solar water kiosks</a>' in group
    assert "200 of 400 households (baseline 0)" in group and "Households served: 50% of the way" in group
    assert 'href="/api/v1/replications/export.csv"' in dashboard and 'href="/api/v1/replications/export.xml"' in dashboard
    flow_map = client.get("/map").text
    assert re.search(r'<path class="arc status-in_progress" d="M[\d.]+ [\d.]+ Q[\d.]+ [\d.]+ [\d.]+ [\d.]+" stroke-width="2.5">'
                     r"<title>Uganda to Bangladesh: 1 in progress</title>", flow_map)
    row = ('<tr><td><a href="/countries/UGA">Uganda</a></td>\n        <td><a href="/countries/BGD">Bangladesh</a></td>\n'
           f'        <td dir="auto"><a href="/replications/{replication.id}">Solar water kiosks</a></td>')
    assert row in flow_map
    assert '<text x="' in flow_map and ">BGD</text>" in flow_map and ">UGA</text>" in flow_map
    assert client.get("/api/v1/replications/export.csv").status_code == 200  # the session cookie is enough


def test_overdue_replications_are_flagged_and_listed_first_at_a_frozen_time(client, session, office):
    with time_machine.travel("2026-06-01 09:00:00Z", tick=False):
        late = propose(session, office, status=ReplicationStatus.in_progress, starts_on=date(2026, 1, 1),
                       updates=[(date(2026, 2, 1), 50)])  # 120 days without an update
        recent = propose(session, office, status=ReplicationStatus.in_progress, starts_on=date(2026, 1, 1),
                         updates=[(date(2026, 5, 1), 80)])
        sign_in(client, email=office["officer"].email)
        page = client.get("/dashboard").text
        assert "1 replication is overdue: no progress update for more than 90 days." in page
        assert page.index(f'/replications/{late.id}"') < page.index(f'/replications/{recent.id}"')
        assert page.count('<article class="card replication-card overdue">') == 1
        assert "Overdue" in client.get(f"/replications/{late.id}").text
        assert "Overdue" not in client.get(f"/replications/{recent.id}").text
    with time_machine.travel("2026-03-01 09:00:00Z", tick=False):
        sign_in(client, email=office["officer"].email)
        assert "is overdue" not in client.get("/dashboard").text


def test_lab_managers_choose_the_country_and_officers_see_their_own(client, session, office):
    propose(session, office)
    sign_in(client, email=office["manager"].email)
    page = client.get("/dashboard").text
    assert "Choose a country to see its office" in page and '<select id="country" name="country">' in page
    assert 'Offices with replications: <a href="/dashboard?country=BGD">Bangladesh</a> (1)' in " ".join(page.split())
    page = client.get("/dashboard?country=bgd").text
    assert "<h1>Bangladesh</h1>" in page and '<option value="BGD" selected>' in page and "Solar water kiosks" in page
    sign_in(client, email=office["other_officer"].email)
    page = client.get("/dashboard?country=BGD").text
    assert "<h1>Kenya</h1>" in page and '<select id="country"' not in page and "Solar water kiosks" not in page


def test_dashboard_is_for_country_officers_and_lab_managers(client, session, office):
    sign_in(client, email=office["submitter"].email)
    assert client.get("/dashboard").status_code == 403


def test_map_is_for_signed_in_users(client, session, office):
    assert client.get("/map").headers["location"] == "/signin?next=/map"
    sign_in(client, email=office["submitter"].email)
    page = client.get("/map").text
    assert 'role="img"' in page and "No replication yet" in page and page.count('<circle class="r-') > 200


def test_free_text_shows_escaped_on_the_dashboard_map_and_country_page(client, session, office):
    office["solution"].title = FREE_TEXT
    session.add(office["solution"])
    session.commit()
    propose(session, office, partners=FREE_TEXT, adaptation_notes=FREE_TEXT)
    sign_in(client, email=office["officer"].email)
    for path in ("/dashboard", "/map", "/countries/BGD", f"/ideas/{office['solution'].id}"):
        text = client.get(path).text
        assert ESCAPED in text and MARKUP not in text, path


def statements_for(client, session, path: str) -> int:
    client.get(path)  # warm the matching index: its rebuild is counted in neither run
    session.expunge_all()
    with count_statements(session) as statements:
        response = client.get(path)
    assert response.status_code == 200
    return len(statements)


@pytest.mark.parametrize("path", ["/dashboard", "/map", "/countries/BGD", "/replications/{id}"])
def test_pages_run_a_fixed_number_of_statements_whatever_the_number_of_replications(client, session, office, path):
    sign_in(client, email=office["officer"].email)
    first = propose(session, office, status=ReplicationStatus.in_progress, updates=[(date.today(), 10)])
    path = path.format(id=first.id)
    few = statements_for(client, session, path)
    for n in range(5):
        propose(session, office, status=ReplicationStatus.in_progress, updates=[(date.today() - timedelta(days=n), n)])
    assert statements_for(client, session, path) == few
    assert few <= 22  # and that fixed number stays small
