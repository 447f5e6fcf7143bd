#!/usr/bin/env python3
"""Build app/data/countries.json, the Solutions Lab country reference list.

This script is run by hand when the reference data needs refreshing; the app
never runs it. It needs three build-time-only packages (not app dependencies):

    pip install hdx-python-country babel pycountry
    python scripts/build_countries.py [--snapshot YYYY-MM-DD]

Sources:
  * OCHA "Countries & Territories Taxonomy" CSV, shipped inside the
    hdx-python-country package: ISO codes, English short names, UN M49
    regions, World Bank income levels and centroids.
  * Unicode CLDR through Babel: official (and de facto official) languages.
  * pycountry (ISO 3166-1): cross-check only, and a fallback for any ISO
    country the OCHA file lacks.
"""

import argparse
import csv
import importlib.metadata
import importlib.resources
import json
import sys
from pathlib import Path

import babel
import pycountry
from babel.languages import get_official_languages

REPO_ROOT = Path(__file__).resolve().parent.parent
OUTPUT = REPO_ROOT / "app" / "data" / "countries.json"

OCHA_PACKAGE = "hdx-python-country"
OCHA_CSV = "Countries & Territories Taxonomy MVP - C&T Taxonomy.csv"

# The OCHA CSV carries no dataset date (only per-row "Reference Period
# Start"), so the snapshot is the release date of the package that ships it
# (upload date of the wheel on PyPI). Add a line here when upgrading, or pass
# --snapshot.
PACKAGE_RELEASE_DATES = {
    "4.2.5": "2026-10-23",
}

# World Bank income levels as spelled in the CSV -> our normalised labels.
INCOME_GROUPS = {
    "low": "Low",
    "lower middle": "Lower middle",
    "upper middle": "Upper middle",
    "high": "High",
}


def clean(value):
    """Strip a CSV cell; empty strings become None."""
    value = (value or "").strip()
    return value or None


def to_float(value, digits=4):
    value = clean(value)
    return None if value is None else round(float(value), digits)


def longitude(value):
    """Longitude in [-180, 180): the source gives a few Pacific centroids east of 180."""
    lon = to_float(value)
    return None if lon is None else round((lon + 180) % 360 - 180, 4)


def income_group(value):
    value = clean(value)
    if value is None:
        return None
    try:
        return INCOME_GROUPS[value.lower()]
    except KeyError:
        sys.exit(f"Unknown World Bank income level in the OCHA CSV: {value!r}")


def languages(alpha2):
    """Official and de facto official languages from CLDR, most spoken first.

    Babel returns locale ids such as "sr_Latn" or "zh_Hant"; we keep only the
    language part ("sr", "zh") and drop the duplicates this creates.
    """
    codes = []
    for locale_id in get_official_languages(alpha2, de_facto=True):
        code = locale_id.split("_")[0]
        if code not in codes:
            codes.append(code)
    return codes


def read_ocha_rows():
    """ISO 3166-1 rows of the OCHA taxonomy (have an alpha-3, not deprecated)."""
    path = importlib.resources.files("hdx.location") / OCHA_CSV
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    kept, skipped = [], []
    for row in rows:
        if clean(row["ISO 3166-1 Alpha 3-Codes"]) and row["Deprecated"] != "Y":
            kept.append(row)
        else:
            skipped.append(row)
    return kept, skipped


def from_ocha(row):
    numeric = clean(row["m49 numerical code"])
    return {
        "code": clean(row["ISO 3166-1 Alpha 3-Codes"]),
        "alpha2": clean(row["ISO 3166-1 Alpha 2-Codes"]),
        "numeric": numeric.zfill(3) if numeric else None,
        "name": clean(row["Preferred Term"]),
        "region": clean(row["Region Name"]),
        "subregion": clean(row["Sub-region Name"]),
        "intermediate_region": clean(row["Intermediate Region Name"]),
        "income_group": income_group(row["World Bank Income Level"]),
        "languages": languages(clean(row["ISO 3166-1 Alpha 2-Codes"])),
        "lat": to_float(row["Latitude"]),
        "lon": longitude(row["Longitude"]),
    }


def from_pycountry(country):
    """Fallback for an ISO country missing from the OCHA file: codes and name
    from pycountry, languages from CLDR, everything else unknown (null)."""
    return {
        "code": country.alpha_3,
        "alpha2": country.alpha_2,
        "numeric": country.numeric,
        "name": getattr(country, "common_name", None) or country.name,
        "region": None,
        "subregion": None,
        "intermediate_region": None,
        "income_group": None,
        "languages": languages(country.alpha_2),
        "lat": None,
        "lon": None,
    }


def cross_check(countries, iso):
    """Print every difference between our list and pycountry's ISO 3166-1."""
    print(f"pycountry ISO 3166-1 entries: {len(iso)}")
    ours = {c["code"]: c for c in countries}
    only_ours = sorted(set(ours) - set(iso))
    if only_ours:
        print(f"  in OCHA but not in pycountry: {', '.join(only_ours)}")
    problems = 0
    for code, country in sorted(ours.items()):
        ref = iso.get(code)
        if ref is None:
            continue
        for field, expected in (("alpha2", ref.alpha_2), ("numeric", ref.numeric)):
            if country[field] != expected:
                problems += 1
                print(f"  {code}: {field} {country[field]!r} != pycountry {expected!r}")
    if not only_ours and not problems:
        print("  codes (alpha-3, alpha-2, numeric): no differences")
    # Names legitimately differ (OCHA uses UN terminology); list for review.
    renamed = [(code, c["name"], iso[code].name) for code, c in sorted(ours.items())
               if code in iso and c["name"] != iso[code].name]
    print(f"  names differing from pycountry (informational): {len(renamed)}")
    for code, name, ref_name in renamed:
        print(f"    {code}: {name!r} (pycountry: {ref_name!r})")


def build_notes(countries, independence, filled):
    """Describe the nulls actually present, so the notes stay true on rebuild.

    Entries filled from pycountry (`filled`) are described separately.
    """
    def names(items):
        items = [c["name"] for c in items]
        return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]

    from_pycountry_only = [c for c in countries if c["code"] in filled]
    countries = [c for c in countries if c["code"] not in filled]
    no_income = [c for c in countries if c["income_group"] is None]
    territories = [c for c in no_income if independence.get(c["code"]) != "Y"]
    states = [c for c in no_income if independence.get(c["code"]) == "Y"]
    no_region = [c for c in countries if c["region"] is None]
    no_coords = [c for c in countries if c["lat"] is None or c["lon"] is None]
    no_langs = [c for c in countries if not c["languages"]]

    income = (f"income_group is null for the {len(no_income)} entries for which the "
              f"World Bank publishes no income classification: {len(territories)} "
              f"that OCHA does not mark as independent (mainly dependent territories)")
    if states:
        income += f" plus {names(states)}"
    notes = [
        income,
        f"region and subregion are null only for {names(no_region)} "
        f"(UN M49 assigns no region)" if no_region else
        "every entry has a UN M49 region and subregion",
        "intermediate_region is null wherever M49 defines no intermediate region",
    ]
    if no_coords:
        notes.append(f"lat and lon are null for {names(no_coords)} "
                     f"(no centroid in the OCHA file)")
    if no_langs:
        notes.append(f"languages is empty for {names(no_langs)} "
                     f"(CLDR records no official language)")
    if from_pycountry_only:
        notes.append(f"not in the OCHA file, so taken from pycountry with only "
                     f"codes, name and languages: {names(from_pycountry_only)}")
    notes.append("languages are ISO 639 codes of official and de facto official "
                 "languages, most spoken first")
    return "; ".join(notes)


def write_json(path, header, countries):
    """indent 1, one country per line: readable and diff-friendly."""
    lines = ["{"]
    for key, value in header.items():
        lines.append(f" {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)},")
    lines.append(' "countries": [')
    rows = [f"  {json.dumps(c, ensure_ascii=False)}" for c in countries]
    lines.append(",\n".join(rows))
    lines.append(" ]")
    lines.append("}")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    json.loads(path.read_text(encoding="utf-8"))  # sanity check: valid JSON


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--snapshot", help="override the snapshot date (YYYY-MM-DD)")
    args = parser.parse_args()

    version = importlib.metadata.version(OCHA_PACKAGE)
    snapshot = args.snapshot or PACKAGE_RELEASE_DATES.get(version)
    if not snapshot:
        sys.exit(f"No release date known for {OCHA_PACKAGE} {version}: "
                 f"add it to PACKAGE_RELEASE_DATES or pass --snapshot")

    rows, skipped = read_ocha_rows()
    print(f"OCHA taxonomy ({OCHA_PACKAGE} {version}): {len(rows)} ISO 3166-1 rows, "
          f"{len(skipped)} skipped")
    for row in skipped:
        code = clean(row["ISO 3166-1 Alpha 3-Codes"]) or clean(row["x Alpha3 codes"]) or "-"
        reason = "deprecated" if row["Deprecated"] == "Y" else "no ISO 3166-1 code"
        print(f"  skipped {code}: {row['Preferred Term']} ({reason})")

    countries = [from_ocha(row) for row in rows]
    independence = {clean(r["ISO 3166-1 Alpha 3-Codes"]): r["Independent"] for r in rows}

    iso = {c.alpha_3: c for c in pycountry.countries}
    cross_check(countries, iso)
    missing = sorted(set(iso) - {c["code"] for c in countries})
    for code in missing:
        print(f"  {code} ({iso[code].name}) missing from OCHA: filled from pycountry")
        countries.append(from_pycountry(iso[code]))
    if not missing:
        print("  every pycountry ISO 3166-1 entry is present in the OCHA file")

    countries.sort(key=lambda c: c["code"])
    codes = [c["code"] for c in countries]
    assert len(codes) == len(set(codes)), "duplicate alpha-3 codes"

    babel_version = ".".join(babel.__version__.split(".")[:2])
    header = {
        "source": (
            f"OCHA Countries & Territories Taxonomy ({OCHA_PACKAGE} {version}) for "
            f"codes, names, UN M49 regions, World Bank income levels and centroids; "
            f"Unicode CLDR via Babel {babel_version} for official languages"
        ),
        "snapshot": snapshot,
        "generated_by": "scripts/build_countries.py",
        "notes": build_notes(countries, independence, set(missing)),
    }
    write_json(OUTPUT, header, countries)

    print(f"Wrote {len(countries)} countries to {OUTPUT}")
    for field in ("region", "subregion", "income_group", "lat"):
        nulls = [c["code"] for c in countries if c[field] is None]
        print(f"  {field} null: {len(nulls)} {' '.join(nulls)}")


if __name__ == "__main__":
    main()
