"""Replications exported as CSV (UTF-8 with a BOM, so spreadsheets read Arabic and Chinese)
and as IATI activity XML 2.03, the standard development organisations publish in."""

import csv
import io
from datetime import UTC, datetime
from xml.etree import ElementTree as ET

from sqlmodel import Session, select

from app.errors import Unauthorized
from app.i18n import _
from app.models.accounts import User
from app.models.ideas import Idea
from app.models.replications import ProgressUpdate, Replication
from app.services.reference import read_data_file
from app.services.replication_views import present

# The exports are machine-readable and stay in English: column names, codes, "yes"/"no" and the IATI
# narratives (which declare no other language).
IATI_VERSION = "2.03"
REPORTING_ORG = "XM-SOLUTIONS-LAB"
CSV_COLUMNS = ["id", "solution", "origin_country", "country", "status", "starts_on", "ends_on", "budget_usd",
               "partners", "last_update_on", "overdue", "indicators"]


def _all(session: Session, viewer: User | None) -> tuple[list[Replication], list]:
    if viewer is None:
        raise Unauthorized(_("Please sign in."))
    replications = list(session.exec(select(Replication).order_by(Replication.id)))
    return replications, present(session, replications)


def export_csv(session: Session, *, viewer: User | None) -> str:
    _replications, shown = _all(session, viewer)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for r in shown:
        indicators = "; ".join(f"{i.name}: {_num(i.latest)} / {_num(i.target)} {i.unit}" for i in r.indicators)
        writer.writerow([r.id, r.idea_title, r.origin_country, r.country, r.status.value, r.starts_on or "", r.ends_on or "",
                         _num(r.budget), r.partners, r.last_update_on or "", "yes" if r.overdue else "no", indicators])
    return "\ufeff" + out.getvalue()


def _num(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def export_iati(session: Session, *, viewer: User | None) -> bytes:
    replications, shown = _all(session, viewer)
    mapping = read_data_file("iati_sectors.json")
    ideas = {i.id: i for i in session.exec(select(Idea).where(Idea.id.in_({r.idea_id for r in replications})))} if replications else {}
    updates = _updates_by_replication(session, [r.id for r in replications])
    root = ET.Element("iati-activities", {"version": IATI_VERSION, "generated-datetime": datetime.now(UTC).replace(microsecond=0).isoformat()})
    for row, public in zip(replications, shown, strict=True):
        root.append(_activity(row, public, ideas[row.idea_id], mapping, updates.get(row.id, [])))
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def _updates_by_replication(session: Session, ids: list[int]) -> dict[int, list[ProgressUpdate]]:
    found: dict[int, list[ProgressUpdate]] = {}
    if ids:
        for update in session.exec(select(ProgressUpdate).where(ProgressUpdate.replication_id.in_(ids))
                                   .order_by(ProgressUpdate.happened_on, ProgressUpdate.id)):
            found.setdefault(update.replication_id, []).append(update)
    return found


def _narrative(parent: ET.Element, tag: str, text: str, **attributes) -> ET.Element:
    element = ET.SubElement(parent, tag, attributes)
    ET.SubElement(element, "narrative").text = text
    return element


def _activity(row: Replication, public, idea: Idea, mapping: dict, updates: list[ProgressUpdate]) -> ET.Element:
    activity = ET.Element("iati-activity", {"last-updated-datetime": row.updated_at.replace(microsecond=0).isoformat(),
                                            "default-currency": "USD"})
    ET.SubElement(activity, "iati-identifier").text = f"{REPORTING_ORG}-R{row.id}"
    _narrative(activity, "reporting-org", "Solutions Lab", ref=REPORTING_ORG, type="40")
    _narrative(activity, "title", f"{idea.title} — replication in {row.country_code}")
    _narrative(activity, "description", row.adaptation_notes or idea.summary, type="1")
    code, _name = mapping["activity_status"][row.status.value]
    ET.SubElement(activity, "activity-status", code=code)
    for kind, value in (("1", row.starts_on), ("3", row.ends_on)):
        if value:
            ET.SubElement(activity, "activity-date", type=kind, **{"iso-date": value.isoformat()})
    ET.SubElement(activity, "recipient-country", code=_alpha2(row.country_code), percentage="100")
    sectors = [mapping["sectors"][t] for t in idea.themes if t in mapping["sectors"]]
    for sector_code, sector_name in sectors:
        _narrative(activity, "sector", sector_name, vocabulary="1", code=sector_code,
                   percentage=f"{100 / len(sectors):.2f}".rstrip("0").rstrip("."))
    if row.budget is not None:
        budget = ET.SubElement(activity, "budget", type="1", status="1")
        ET.SubElement(budget, "period-start", {"iso-date": (row.starts_on or row.created_at.date()).isoformat()})
        ET.SubElement(budget, "period-end", {"iso-date": (row.ends_on or row.starts_on or row.created_at.date()).isoformat()})
        ET.SubElement(budget, "value", {"value-date": (row.starts_on or row.created_at.date()).isoformat()}).text = f"{row.budget:.2f}"
    for indicator in public.indicators:
        activity.append(_result(indicator, row, updates))
    return activity


def _result(indicator, row: Replication, updates: list[ProgressUpdate]) -> ET.Element:
    result = ET.Element("result", type="1")
    _narrative(result, "title", indicator.name)
    element = ET.SubElement(result, "indicator", measure="1")
    _narrative(element, "title", f"{indicator.name} ({indicator.unit})")
    ET.SubElement(element, "baseline", year=str((row.starts_on or row.created_at.date()).year), value=f"{indicator.baseline:g}")
    values = [(u.happened_on, v.value) for u in updates for v in u.values if v.indicator_id == indicator.id]
    start = row.starts_on or row.created_at.date()
    end = max([row.ends_on or start] + [day for day, _ in values])
    period = ET.SubElement(element, "period")
    ET.SubElement(period, "period-start", {"iso-date": start.isoformat()})
    ET.SubElement(period, "period-end", {"iso-date": end.isoformat()})
    ET.SubElement(period, "target", value=f"{indicator.target:g}")
    if values:
        ET.SubElement(period, "actual", value=f"{values[-1][1]:g}")
    return result


_ALPHA2: dict[str, str] = {}


def _alpha2(alpha3: str) -> str:
    """IATI names recipient countries by ISO 3166-1 alpha-2."""
    if not _ALPHA2:
        _ALPHA2.update({c["code"]: c["alpha2"] for c in read_data_file("countries.json")["countries"]})
    return _ALPHA2.get(alpha3, alpha3)
