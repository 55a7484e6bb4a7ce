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
    a collapsed caption, for everyone), with a download button for the PNG. A time-series
    chart reads out every line's value at the month under the pointer (:class:`_Readout`). On a phone
    (see ``PageState``) the figure is redrawn narrower and taller; while presenting, with
    text large enough for the back of the room (:func:`views.for_projector`)."""
    narrow, presenting = solara.use_context(narrow_context), solara.use_context(presenting_context)
    if narrow or presenting:      # a copy: the same figure is drawn again when that ends
        fig = pickle.loads(pickle.dumps(fig))
        fig = views.for_phone(fig) if narrow else views.for_projector(fig)
    src = "data:image/svg+xml;base64," + base64.b64encode(views.svg_bytes(fig)).decode()
    spec = views.readout_spec(fig)           # after drawing: the layout is final
    with solara.Div(classes=["llo-chart"]):
        if spec:
            Readout(src, alt, spec)
        else:
            solara.HTML(tag="img", attributes={"src": src, "alt": alt, "role": "img"},
                        classes=["llo-chart-img"])
        with solara.Details(summary=t("chart", lang) + ": " + t("alt_summary", lang)):
            solara.Text(alt, classes=["llo-alt"])
        solara.FileDownload(lambda: views.png_bytes(fig), filename=f"llo-sim-{name}.png",
                            label=t("download_png", lang))


class _Readout(ipyvue.VueTemplate):
    """A chart image that reads out the values at the month under the pointer (a mouse, or
    a finger moving over it on a phone): a thin line at that month and a box with each
    line's value, from ``axes`` (:func:`llo_sim.dashboard.views.readout_spec`: where each
    axes sits, as fractions of the image, and the texts of its months). Computed in the
    browser from data it already has: a hover asks the server nothing."""

    src = traitlets.Unicode("").tag(sync=True)
    alt = traitlets.Unicode("").tag(sync=True)
    axes = traitlets.List([]).tag(sync=True)
    template = traitlets.Unicode("""
<template>
  <div class="llo-readout-area" @mousemove="move" @mouseleave="tip = null"
       @touchstart.passive="touch" @touchmove.passive="touch">
    <img :src="src" :alt="alt" role="img" class="llo-chart-img">
    <div v-if="tip" class="llo-readout-line"
         :style="{left: tip.x + 'px', top: tip.top + 'px', height: tip.height + 'px'}"></div>
    <div v-if="tip" class="llo-readout" :style="tip.place">
      <div class="llo-readout-month">{{ tip.title }}</div>
      <div v-for="row in tip.rows" class="llo-readout-row">
        <span class="llo-swatch" :style="{background: row.color}"></span>
        {{ row.label }}: <b>{{ row.text }}</b></div>
    </div>
  </div>
</template>
<script>
module.exports = {
  data() { return { tip: null }; },
  methods: {
    touch(e) { if (e.touches.length) { this.show(e.touches[0].clientX, e.touches[0].clientY); } },
    move(e) { this.show(e.clientX, e.clientY); },
    show(cx, cy) {
      // the drawing inside the image's box: the image keeps its proportions (object-fit)
      const img = this.$el.querySelector("img"), box = img.getBoundingClientRect();
      const ratio = img.naturalWidth && img.naturalHeight ? img.naturalWidth / img.naturalHeight
                                                          : box.width / box.height;
      let w = box.width, h = box.height;
      if (w / h > ratio) { w = h * ratio; } else { h = w / ratio; }
      const ox = 0, oy = (box.height - h) / 2;              // drawn at the left, centred
      const fx = (cx - box.left - ox) / w, fy = (cy - box.top - oy) / h;
      const ax = this.axes.find(a => fx >= a.left && fx <= a.right && fy >= a.top
                                     && fy <= a.bottom);
      if (!ax || !ax.months.length) { this.tip = null; return; }
      const at = ax.xmin + (fx - ax.left) / (ax.right - ax.left) * (ax.xmax - ax.xmin);
      const first = ax.months[0], last = ax.months[ax.months.length - 1];
      const month = Math.max(first, Math.min(last, Math.round(at)));
      const i = month - first;
      const x = ox + w * (ax.left + (month - ax.xmin) / (ax.xmax - ax.xmin) * (ax.right - ax.left));
      const top = oy + h * ax.top, height = h * (ax.bottom - ax.top);
      const side = x > box.width * 0.55 ? {right: (box.width - x + 8) + "px"} : {left: (x + 8) + "px"};
      this.tip = {x: x, top: top, height: height, title: ax.title + " " + month,
                  place: Object.assign({top: top + "px"}, side),
                  rows: ax.rows.map(r => ({label: r.label, color: r.color, text: r.texts[i]}))};
    },
  },
};
</script>""").tag(sync=True)


def Readout(src: str, alt: str, axes: list[dict]):
    return _Readout.element(src=src, alt=alt, axes=axes)


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
