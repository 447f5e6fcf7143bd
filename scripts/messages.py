"""Keep the message catalogs in step with the code: `make messages`.

1. extract every marked string of app/ into app/locale/messages.pot;
2. update each language's catalog from it (new strings arrive empty, gone ones are dropped);
3. English, the source language, translates each string to itself;
4. compile every catalog to the .mo file the application reads (committed: the tests fail
   when a .mo is older than its .po).

Translators then fill the empty entries of app/locale/<code>/LC_MESSAGES/messages.po and run
`make messages` again.
"""

import subprocess
import sys
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.i18n import DEFAULT, DOMAIN, LOCALE_DIR, SUPPORTED  # noqa: E402

TEMPLATE = LOCALE_DIR / f"{DOMAIN}.pot"


def pybabel(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", *args], cwd=ROOT, check=True)


def po_path(code: str) -> Path:
    return LOCALE_DIR / code / "LC_MESSAGES" / f"{DOMAIN}.po"


def extract() -> None:
    pybabel("extract", "-F", "babel.cfg", "-o", str(TEMPLATE), "--no-location", "--sort-output",
            "--project", "Solutions Lab", "--copyright-holder", "Solutions Lab", "--msgid-bugs-address", "",
            "--width=100", ".")


def update(code: str) -> None:
    if not po_path(code).exists():
        pybabel("init", "-i", str(TEMPLATE), "-d", str(LOCALE_DIR), "-l", code, "-D", DOMAIN, "--width=100")
    pybabel("update", "-i", str(TEMPLATE), "-d", str(LOCALE_DIR), "-l", code, "-D", DOMAIN,
            "--no-fuzzy-matching", "--ignore-obsolete", "--width=100")


def fill_source_language() -> None:
    path = po_path(DEFAULT)
    with path.open("rb") as handle:
        catalog = read_po(handle)
    for message in catalog:
        if not message.id:
            continue
        if isinstance(message.id, tuple):  # singular and plural, as English has two forms
            if not all(message.string):
                message.string = message.id
        elif not message.string:
            message.string = message.id
    with path.open("wb") as handle:
        write_po(handle, catalog, width=100, omit_header=False)


def compile_all() -> None:
    for code in SUPPORTED:
        with po_path(code).open("rb") as handle:
            catalog = read_po(handle)
        with po_path(code).with_suffix(".mo").open("wb") as handle:
            write_mo(handle, catalog, use_fuzzy=False)


def main() -> None:
    extract()
    for code in SUPPORTED:
        update(code)
    fill_source_language()
    compile_all()
    print(f"catalogs updated and compiled: {', '.join(SUPPORTED)}")


if __name__ == "__main__":
    main()
