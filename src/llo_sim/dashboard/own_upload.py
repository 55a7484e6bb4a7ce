"""The dashboard's "your organisation" tab: upload a workforce file (and optionally a teams
file, a first scan and a later scan), run the chosen scenario in that organisation, and see
month 0 against the first scan and the check against the later one (docs/own-organisation.md).

The uploaded files stay on this computer: they are written to a private temporary folder only
to be read, and removed at once; nothing is sent anywhere (the dashboard listens on 127.0.0.1
by default). The tables shown follow the privacy defaults of the command line: teams smaller
than 5, and as many more as keep the organisation's rows from giving one away, are left out
(:mod:`llo_sim.own.privacy`); merged spellings of team names are noted under the results.

An HR export (AFAS, Youforce, SuccessFactors, a hand-made sheet) is recognised as on the
command line, or read with an uploaded mapping (``mapping.toml``, from ``llo-sim own
inspect``); what the reading did (columns not read, people left out, unknowns drawn) is
noted under the results.

An upload is refused, in the interface's language, before a byte of it is transferred when
the browser reports more than ``MAX_UPLOAD_MB`` (the files of a 20,000-employee organisation,
the dashboard's limit, are about 2.5 MB each); its name is cut to a short base name
(:func:`safe_name`), so no name can break writing it. What is wrong with a file is said in
the interface's language, naming the file by its uploaded name, never the server's temporary
copy (:func:`llo_sim.dashboard.own_texts.say`). Each file field keeps its own file: a file
chosen in the next field before the first shows "Loaded" lands in its own field (the fields
are keyed by their role, and the "Loaded" line is inside its field).
"""

from __future__ import annotations

import html
import re
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import solara

from llo_sim.dashboard.own_texts import TEXT, count, say, tr
from llo_sim.dashboard.simulation import Cancelled
from llo_sim.engine.limits import DASHBOARD_MAX_EMPLOYEES, DASHBOARD_MAX_MONTHS
from llo_sim.engine.scenario import load
from llo_sim.errors import LloSimError
from llo_sim.own.check import compare_scan, summary_lines
from llo_sim.own.messages import Message
from llo_sim.own.organisation import load_organisation
from llo_sim.own.run import run_own
from llo_sim.own.scan_file import read_scan

ROLES = ("workforce", "teams", "scan", "later", "mapping")
DEFAULT_NAMES = {"workforce": "workforce.csv", "teams": "teams.csv", "scan": "scan.csv",
                 "later": "scan_1.csv", "mapping": "mapping.toml"}
REPLICATIONS = 10
MAX_UPLOAD_MB = 20      # per file; a 20,000-employee workforce.csv is about 2.5 MB
NAME_MAX_BYTES = 120    # an uploaded file's name, in UTF-8 (file systems allow 255)
def safe_name(name, role: str) -> str:
    """An uploaded file's name fit to write and show: its base name (after the last ``/`` or
    ``\\``) without control characters, cut to ``NAME_MAX_BYTES`` (keeping the extension);
    ``DEFAULT_NAMES[role]`` when nothing usable is left (``..``, ``.``, empty)."""
    base = re.split(r"[/\\]", str(name))[-1]
    base = "".join(c for c in base if c.isprintable()).strip()
    if not base.strip(". "):
        return DEFAULT_NAMES[role]
    if len(base.encode()) <= NAME_MAX_BYTES:
        return base
    stem, dot, extension = base.rpartition(".")
    if not dot or not stem or len(extension.encode()) > 10:
        stem, extension = base, ""
    tail = "." + extension if extension else ""
    room = NAME_MAX_BYTES - len(tail.encode())
    return stem.encode()[:room].decode(errors="ignore") + tail


def too_large(name: str, size, lang: str) -> LloSimError | None:
    """The refusal of an upload of ``size`` bytes (as the browser reports it), or None."""
    if isinstance(size, int) and 0 <= size <= MAX_UPLOAD_MB * 1_000_000:
        return None
    mb = f"{size / 1e6:.1f}" if isinstance(size, int) else "?"
    return LloSimError(tr("too_large", lang).format(
        name=name, mb=mb.replace(".", ",") if lang == "nl" else mb, max=MAX_UPLOAD_MB))


def receive(role: str, name, size, read, lang: str = "en") -> tuple[str, bytes]:
    """One file field's upload as ``(safe name, bytes)``: ``read()`` fetches the bytes from
    the browser, and is not called when the reported ``size`` is over ``MAX_UPLOAD_MB``
    (raises :class:`LloSimError`, one line in the interface's language)."""
    name = safe_name(name, role)
    refused = too_large(name, size, lang)
    if refused:
        raise refused
    data = read()
    refused = too_large(name, len(data), lang)
    if refused:
        raise refused
    return name, data


def months_to_run(text) -> int | None:
    """The months typed in the months field as the number to run: a whole number, clamped to
    1..``DASHBOARD_MAX_MONTHS`` (``"0"`` runs 1 month, ``"999"`` the maximum); None when the
    text is not a whole number (``""``, ``"abc"``, ``"1.5"``)."""
    try:
        number = float(str(text).strip().replace(",", "."))
    except ValueError:
        return None
    if not number.is_integer():         # also nan and inf
        return None
    return max(1, min(DASHBOARD_MAX_MONTHS, int(number)))


@dataclass
class OwnResult:
    summary: str
    start: pd.DataFrame | None
    check: pd.DataFrame | None
    check_lines: list[str]
    notes: list[str]


def run_uploads(uploads: dict, scenario: str, params: dict, seed: int, months: int,
                lang: str = "en", cancel: threading.Event | None = None) -> OwnResult:
    """Load the uploaded files (``role -> (file name, bytes)``), run ``scenario`` with the
    dashboard's ``params`` in that organisation and check the later scan; raises
    :class:`LloSimError` with a one-line message naming the uploaded file."""
    if "workforce" not in uploads:
        raise LloSimError(tr("workforce", lang) + ": " + ("ontbreekt" if lang == "nl"
                                                          else "missing"))
    names = {role: safe_name(name, role) for role, (name, _) in uploads.items()}
    for role, (_, data) in uploads.items():
        refused = too_large(names[role], len(data), lang)
        if refused:
            raise refused
    with tempfile.TemporaryDirectory(prefix="llo-own-") as tmp:      # private (mode 0700)
        paths = {}
        for role, (_, data) in uploads.items():
            paths[role] = Path(tmp) / role / names[role]
            paths[role].parent.mkdir()
            paths[role].write_bytes(data)
        shown = {str(path): names[role] for role, path in paths.items()}
        try:
            org = load_organisation(paths["workforce"], paths.get("teams"), paths.get("scan"),
                                    mapping=paths.get("mapping"))
            if org.n > DASHBOARD_MAX_EMPLOYEES:
                raise LloSimError(tr("too_many", lang).format(
                    max=count(DASHBOARD_MAX_EMPLOYEES, lang)))
            later = (read_scan(paths["later"], org.people, first=False) if "later" in uploads
                     else None)
        except LloSimError as exc:    # in the language, naming the uploaded file
            raise LloSimError(say(exc, lang, shown, tmp)) from None
    base = load(scenario).parameters
    changed = {k: v for k, v in params.items() if k != "n_employees" and base.get(k) != v}

    def on_month(_month):
        if cancel is not None and cancel.is_set():
            raise Cancelled

    result = run_own(scenario, workforce=None, organisation=org, months=months, seed=seed,
                     replications=REPLICATIONS, on_month=on_month, **changed)
    summary = tr("summary", lang).format(n=count(org.n, lang), k=count(org.n_teams, lang),
                                         m=months, share=result.final()["share_learning_a_lot"])
    table, lines = None, []
    if later is not None:
        if result.predictions is None:
            raise LloSimError(tr("later_needs_first", lang).format(name=names["later"]))
        sizes = pd.Series(org.people.team).value_counts().reindex(
            range(org.n_teams), fill_value=0).to_numpy()
        try:
            table = compare_scan(result.predictions, later, sizes, org.people.team_names,
                                 run=Message("this_run"), min_group=result.min_group)
        except LloSimError as exc:    # a month the run does not reach
            raise LloSimError(say(exc, lang, shown, tmp)) from None
        lines = summary_lines(table)
    notes = [say(note, lang, shown, tmp)        # in the language, naming the uploaded file
             for note in org.notes + (later.notes if later is not None else [])]
    return OwnResult(summary, result.start, table, lines, notes)


@solara.component
def FileField(role: str, on_file):
    """A labelled file chooser (an ``<input type=file>``: keyboard and screen readers can use
    it, unlike a drop zone); ``on_file(role, name, size, read)`` gets this field's role, the
    chosen file's name, its size as the browser reports it, and a function that fetches its
    bytes from the browser. The reading follows Solara's ``FileDrop``, on ipyvuetify's file
    input. The role is a property of the field, not of a closure made by the render: the
    view keys each field by its role, so a render between choosing a file and its reading
    (another field's "Loaded") cannot hand the file to another field."""
    from ipyvuetify.extra import FileInput

    info, set_info = solara.use_state(None)
    wired, set_wired = solara.use_state(None)
    field = FileInput.element(multiple=False, show_progress=False, on_file_info=set_info)

    def wire():                     # in the render context, as Solara's FileDrop does
        if info:
            widget = solara.get_widget(field)
            widget.version += 1
            widget.reset_stats()
            set_wired(widget.get_files())

    solara.use_effect(wire, [info])

    def read(cancel: threading.Event):
        if wired:
            on_file(role, wired[0].get("name"), wired[0].get("size"), wired[0]["file_obj"].read)

    solara.use_thread(read, [wired])
    return field


@solara.component
def MonthsField(text: str, on_text, error: bool, lang: str):
    """The months field: ``on_text(text)`` gets the field's text on every change, from the
    Vue ``input`` event (a custom message, sent at once and in order with a later click) and
    from the synced ``v_model`` (which the browser may hold back while the server is busy);
    so a click on the run button straight after typing finds the text the field shows. The
    text is checked and clamped when the run starts (:func:`months_to_run`), not while typing.
    """
    field = solara.v.TextField(label=tr("months", lang), v_model=text, on_v_model=on_text,
                               hide_details="auto", error=error,
                               attributes={"inputmode": "numeric"})
    solara.v.use_event(field, "input", lambda _widget, _event, data: on_text(data))
    return field


@solara.component
def OwnOrganisationView(scenario: str, params: dict, seed: int, lang: str):
    """Upload fields, a months field, a run button, and the results as tables.

    The run button takes the months from the text the field last reported (a ref, not the
    value captured by the render the button came from: a render in another thread, such as an
    upload's, can leave the button's callback a step behind the field)."""
    uploads, set_uploads = solara.use_state({})
    text, set_text = solara.use_state("24")           # the months field's text, as typed
    typed = solara.use_ref("24")                      # the same, at once (no render needed)
    months_error, set_months_error = solara.use_state(False)
    request, set_request = solara.use_state(None)
    refused, set_refused = solara.use_state({})      # role -> why its file was refused

    def add(role, name, size, read):
        try:
            upload = receive(role, name, size, read, lang)
        except LloSimError as exc:        # too large: the field's file is not used
            message = str(exc)
            set_uploads(lambda now: {k: v for k, v in now.items() if k != role})
            set_refused(lambda now: {**now, role: message})
            return
        set_uploads(lambda now: {**now, role: upload})
        set_refused(lambda now: {k: v for k, v in now.items() if k != role})

    def on_text(value):
        typed.current = "" if value is None else str(value)
        set_text(typed.current)
        set_months_error(False)

    def run():
        months = months_to_run(typed.current)
        if months is None:
            set_months_error(True)
            return
        typed.current = str(months)          # the field shows the months that are run
        set_text(typed.current)
        set_months_error(False)
        set_request((dict(uploads), scenario, dict(params), seed, months))

    def job(cancel: threading.Event):
        if request is None:
            return None
        try:
            return request, run_uploads(*request, lang=lang, cancel=cancel), ""
        except LloSimError as exc:
            return request, None, str(exc)
        except Cancelled:
            return None

    result = solara.use_thread(job, dependencies=[request], intrusive_cancel=False)
    solara.Text(tr("intro", lang), classes=["llo-note"])
    with solara.Div(classes=["llo-form", "llo-own"]):
        for role in ROLES:          # keyed, each with its lines: nothing shifts when one changes
            with solara.Div(classes=["llo-field", f"llo-upload-{role}"]).key(f"upload-{role}"):
                solara.Text(tr(role, lang), classes=["llo-label"])
                FileField(role, add).key(f"file-{role}")
                if role in uploads:
                    solara.Text(tr("loaded", lang).format(name=uploads[role][0]),
                                classes=["llo-help", "llo-loaded"])
                if role in refused:
                    solara.Text(refused[role], classes=["llo-input-error", "llo-error"])
        MonthsField(text, on_text, months_error, lang)
        if months_error:
            solara.Text(tr("months_invalid", lang).format(max=DASHBOARD_MAX_MONTHS),
                        classes=["llo-input-error", "llo-error"])
        solara.Button(tr("run", lang), color="primary", classes=["llo-own-run"], on_click=run)
    if request is not None and (not result.value or result.value[0] is not request):
        solara.ProgressLinear(True)
        solara.Text(tr("running", lang))
        return
    if not result.value:
        return
    _, own, error = result.value
    if error:
        solara.Text(error, classes=["llo-input-error", "llo-error"])
        return
    solara.Text(own.summary, classes=["llo-difference"])
    for note in own.notes:
        solara.Text(tr("note", lang).format(note=note), classes=["llo-note", "llo-own-note"])
    if own.start is not None:
        solara.HTML(tag="h3", unsafe_innerHTML=tr("start", lang))
        ScanTable(own.start, ("team", "n", "quantity", "measured", "model_month_0"), lang)
    if own.check is not None:
        solara.HTML(tag="h3", unsafe_innerHTML=tr("check", lang).format(r=REPLICATIONS))
        ScanTable(own.check, ("team", "n", "quantity", "month", "measured", "predicted",
                              "verdict"), lang)


def _cell(row, column: str, lang: str) -> str:
    """One cell of a scan table as text: numbers with the language's decimal mark, the
    prediction as its median and interval, the verdict in the language; team names escaped
    (they come from the uploaded file)."""
    def num(x) -> str:
        if pd.isna(x):
            return ""
        text = f"{float(x):.2f}"
        return text.replace(".", ",") if lang == "nl" else text

    if column == "predicted":
        if pd.isna(row["predicted_median"]):
            return ""
        return f"{num(row['predicted_median'])} ({num(row['p05'])}-{num(row['p95'])})"
    value = row[column]
    if column in ("measured", "model_month_0"):
        return num(value)
    if column == "verdict" and value in TEXT:
        return tr(value, lang)
    return html.escape(str(value))


@solara.component
def ScanTable(table: pd.DataFrame, columns: tuple, lang: str):
    """A scan table with headers in the interface's language (no row numbers)."""
    head = "".join(f"<th>{tr(c, lang)}</th>" for c in columns)
    body = "".join("<tr>" + "".join(f"<td>{_cell(row, c, lang)}</td>" for c in columns)
                   + "</tr>" for _, row in table.iterrows())
    solara.HTML(tag="table", unsafe_innerHTML=f"<thead><tr>{head}</tr></thead><tbody>{body}"
                "</tbody>", classes=["llo-table", "llo-scan-table"])
