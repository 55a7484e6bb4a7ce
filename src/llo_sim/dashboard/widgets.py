"""Small building blocks of the page: a chart with its text alternative, the page language,
Play's clock, the step buttons, a button for which a double click is one click, and an error
boundary that keeps the rest of the page."""

from __future__ import annotations

import base64
import pickle

import ipyvue
import ipyvuetify
import solara
import traitlets
from matplotlib.figure import Figure

from llo_sim.dashboard import checks, views
from llo_sim.dashboard.i18n import t


@solara.component
def Chart(fig: Figure, alt: str, name: str, lang: str):
    """A figure as an image whose ``alt`` text states the numbers it shows (also printed in
    a collapsed caption, for everyone), with a download button for the PNG. On a phone
    (see ``PageState``) the figure is redrawn narrower and taller; while presenting, with
    text large enough for the back of the room (:func:`views.for_projector`)."""
    narrow, presenting = solara.use_context(narrow_context), solara.use_context(presenting_context)
    if narrow or presenting:      # a copy: the same figure is drawn again when that ends
        fig = pickle.loads(pickle.dumps(fig))
        fig = views.for_phone(fig) if narrow else views.for_projector(fig)
    src = "data:image/svg+xml;base64," + base64.b64encode(views.svg_bytes(fig)).decode()
    with solara.Div(classes=["llo-chart"]):
        solara.HTML(tag="img", attributes={"src": src, "alt": alt, "role": "img"},
                    classes=["llo-chart-img"])
        with solara.Details(summary=t("chart", lang) + ": " + t("alt_summary", lang)):
            solara.Text(alt, classes=["llo-alt"])
        solara.FileDownload(lambda: views.png_bytes(fig), filename=f"llo-sim-{name}.png",
                            label=t("download_png", lang))


@solara.component
def SingleClickButton(label: str, on_click, disabled: bool = False, color: str | None = None,
                      classes: list[str] | None = None):
    """A button for which a double click is one click: the second click of a double click
    (the browser's click count, ``detail``, 2 or more) is ignored. A click from the keyboard
    (``detail`` 0) counts as a click."""
    button = solara.v.Btn(children=[label], disabled=disabled, color=color,
                          class_=" ".join(classes or []))

    def clicked(_widget, _event, data):
        count = data.get("detail") if isinstance(data, dict) else None
        if not (isinstance(count, int) and count > 1):
            on_click()

    solara.v.use_event(button, "click", clicked)
    return button


@solara.component
def Recoverable(draw, on_continue, lang: str):
    """An error boundary around what ``draw()`` draws: an error while drawing it goes to the
    server's log and shows one line (never a traceback) with "Continue", which calls
    ``on_continue`` (to go back to a state that drew) and draws again. The page around it,
    and its state, stay as they were."""
    exception, clear = solara.use_exception()

    def log():
        if exception is not None:
            checks.log.error("dashboard part failed", exc_info=exception)

    solara.use_effect(log, [exception])
    if exception is None:
        draw()
        return

    def resume():
        on_continue()
        clear()

    with solara.Div(classes=["llo-recover"]):
        solara.Text(t("err_internal", lang), classes=["llo-input-error", "llo-error"])
        solara.Button(t("continue", lang), on_click=resume, color="primary",
                      classes=["llo-continue"])


narrow_context = solara.create_context(False)   # True on a phone-sized window
presenting_context = solara.create_context(False)   # True while the workshop is presented


class _PageState(ipyvue.VueTemplate):
    """Keeps the browser and the page in step: ``<html lang>`` (so screen readers use the
    right language), the address's query (so a link reproduces the view; replaced in place,
    so Back leaves the dashboard rather than undoing each click) and, the other way, the
    window's width (so a phone gets charts drawn for a phone)."""

    lang = traitlets.Unicode("nl").tag(sync=True)
    search = traitlets.Unicode("").tag(sync=True)
    width = traitlets.Int(1280).tag(sync=True)      # the window's width, from the browser
    template = traitlets.Unicode("""
<template><span style="display:none"></span></template>
<script>
module.exports = {
  mounted() {
    this.apply();
    this.measure = () => { this.width = window.innerWidth; };
    window.addEventListener("resize", this.measure);
    this.measure();
  },
  destroyed() { window.removeEventListener("resize", this.measure); },
  watch: { lang() { this.apply(); }, search() { this.apply(); } },
  methods: {
    apply() {
      document.documentElement.lang = this.lang;
      if (this.search && window.location.search !== "?" + this.search) {
        window.history.replaceState(window.history.state, "",
                                    window.location.pathname + "?" + this.search);
      }
    },
  },
};
</script>""").tag(sync=True)


def PageState(lang: str, search: str, on_width):
    return _PageState.element(lang=lang, search=search, on_width=on_width)


class _Ticker(ipyvue.VueTemplate):
    """The clock of Play, in the browser. While ``playing``, it asks for month ``shown + 1``
    ``frame_ms`` after the last request, as ``request = [id, month]`` with a new ``id`` every
    time, and asks again only once the server has answered that request (``served`` = its
    id), whether it stepped or not (paused meanwhile, or a stale month). One request at a time,
    so months never queue up behind a slow machine, Pause is instant, and a closed tab asks for
    nothing (so an abandoned Play costs the server nothing).

    The ``id`` is what makes Play resume after Pause: a request sent just before the Pause
    is ignored by the server, and asking again for the same month without a new ``id`` would
    be an unchanged value, which is never sent, so the clock would wait for ever."""

    playing = traitlets.Bool(False).tag(sync=True)
    shown = traitlets.Int(0).tag(sync=True)
    frame_ms = traitlets.Int(200).tag(sync=True)
    served = traitlets.Int(0).tag(sync=True)
    request = traitlets.List([0, 0]).tag(sync=True)
    template = traitlets.Unicode("""
<template><span class="llo-ticker" style="display:none"></span></template>
<script>
module.exports = {
  data() { return { asked: 0, askedAt: 0 }; },
  mounted() { this.schedule(); },
  destroyed() { clearTimeout(this.timer); },
  watch: {
    playing() { this.schedule(); }, shown() { this.schedule(); }, served() { this.schedule(); },
  },
  methods: {
    waiting() { return this.asked > this.served; },   // a request not answered yet
    schedule() {
      clearTimeout(this.timer);
      if (!this.playing || this.waiting()) { return; }
      // a frame after the last request, and at once if the server took longer than that
      const wait = Math.max(0, this.frame_ms - (Date.now() - this.askedAt));
      this.timer = setTimeout(() => this.ask(), wait);
    },
    ask() {
      if (!this.playing || this.waiting()) { return; }
      this.asked = Math.max(this.asked, this.served) + 1;    // a new id: always sent
      this.askedAt = Date.now();
      this.request = [this.asked, this.shown + 1];
    },
  },
};
</script>""").tag(sync=True)


def Ticker(playing: bool, shown: int, served: int, frame_ms: int, on_request):
    """Play's clock (see ``_Ticker``): ``on_request([id, month])`` must answer every request
    by passing its ``id`` back as ``served``."""
    return _Ticker.element(playing=playing, shown=shown, served=served, frame_ms=frame_ms,
                           on_request=on_request)


class _StepButtons(ipyvuetify.VuetifyTemplate):
    """"+1 month" and "+12 months", counted in the browser. Clicks made while the server is
    still drawing are added up and sent as one request (``[id, month wanted]``) when the
    server has answered the previous one (``served``): twenty quick clicks cost two or three
    redraws, not twenty, and the screen never lags behind a queue of old clicks."""

    shown = traitlets.Int(0).tag(sync=True)
    horizon = traitlets.Int(120).tag(sync=True)
    served = traitlets.Int(0).tag(sync=True)
    request = traitlets.List([0, 0]).tag(sync=True)
    label_one = traitlets.Unicode("+1").tag(sync=True)
    label_year = traitlets.Unicode("+12").tag(sync=True)
    template = traitlets.Unicode("""
<template>
  <span class="llo-stepper">
    <v-btn class="llo-step" :disabled="shown + pending >= horizon" @click="add(1)">
      {{ label_one }}</v-btn>
    <v-btn class="llo-year" :disabled="shown + pending >= horizon" @click="add(12)">
      {{ label_year }}</v-btn>
  </span>
</template>
<script>
module.exports = {
  data() { return { pending: 0, asked: 0 }; },
  watch: { served() { this.flush(); } },
  methods: {
    add(n) { this.pending += n; this.flush(); },
    flush() {
      if (this.asked > this.served || this.pending === 0) { return; }
      this.asked = this.served + 1;
      this.request = [this.asked, Math.min(this.horizon, this.shown + this.pending)];
      this.pending = 0;
    },
  },
};
</script>""").tag(sync=True)


def StepButtons(shown: int, horizon: int, served: int, labels: tuple[str, str], on_request):
    return _StepButtons.element(shown=shown, horizon=horizon, served=served,
                                label_one=labels[0], label_year=labels[1],
                                on_request=on_request)
