"""The page's CSS: one layout for a phone (390 px), a laptop (1280 x 800) and a projector
(1920 x 1080), and a presenting mode for the workshop (settings hidden, large text, the chart
with its axis inside the screen)."""

CSS = """
.llo-app { padding: 8px 16px; max-width: 1880px; margin: 0 auto; }
.llo-header { display: flex; align-items: center; gap: 12px; flex-wrap: wrap; }
.llo-header h1 { margin: 0; font-size: 1.5em; flex: 1 1 auto; }
.llo-subtitle { display: block; color: #444; margin: 2px 0 6px; }
.llo-menu { display: none !important; }
.llo-body { display: grid; grid-template-columns: 340px minmax(0, 1fr); gap: 16px;
            align-items: start; }
.llo-side { max-height: calc(100vh - 110px); overflow-y: auto; padding-right: 6px;
            position: sticky; top: 4px; }
.llo-main { min-width: 0; }
.llo-control { width: 100%; margin: 0 0 10px; }
.llo-control-head { display: flex; align-items: center; gap: 6px; }
.llo-label { flex: 1 1 auto; font-size: 0.9em; line-height: 1.25; }
.llo-value { font-weight: 600; white-space: nowrap; font-variant-numeric: tabular-nums; }
.llo-help { display: block; font-size: 0.85em; color: #555; margin: 2px 0 4px; }
.llo-control .v-input { width: 100%; min-width: 160px; margin-top: 0; }
.llo-slider { width: 100%; min-width: 160px; }
.llo-changed { font-size: 0.9em; margin: -4px 0 10px; padding: 4px 8px;
               border-left: 4px solid #999; background: #f5f5f5; }
.llo-is-changed { border-left-color: #a64b00; background: #fff3e0; }
.llo-changed-head { font-weight: 600; }
.llo-changed-list { margin: 2px 0 0 16px; padding: 0; }
.llo-changed-buttons { flex-wrap: wrap; gap: 0 2px; margin: 0 !important; }
.llo-changed-buttons .v-btn { text-transform: none !important; letter-spacing: 0 !important;
                              padding: 0 6px !important; }
.llo-cost-sentence { display: block; font-size: 1.05em; margin: 6px 0; }
.llo-input-error { display: block; color: #b00020; font-size: 0.9em; margin-top: 2px; }
.llo-tabs { display: flex; flex-wrap: wrap; gap: 2px 4px; margin-bottom: 6px;
            border-bottom: 1px solid #ddd; padding-bottom: 4px; }
.llo-tab { text-transform: none !important; letter-spacing: 0 !important; }
.llo-runbar { display: flex; flex-wrap: wrap; align-items: center; gap: 6px 10px;
              margin-bottom: 4px; }
.llo-runbar .v-btn { text-transform: none; letter-spacing: 0; }
.llo-view .v-btn, .llo-menu { text-transform: none !important; letter-spacing: 0 !important; }
.llo-month { font-size: 1.15em; font-weight: 600; white-space: nowrap; }
.llo-participation { font-size: 1.05em; white-space: nowrap; }
.llo-note { display: block; color: #333; margin: 4px 0; }
.llo-difference { display: block; font-size: 1.1em; font-weight: 600; margin: 6px 0; }
.llo-form { display: flex; flex-wrap: wrap; gap: 8px 16px; align-items: flex-end; }
.llo-form .llo-control { width: auto; min-width: 260px; max-width: 420px; margin: 0; }
.llo-field { display: flex; flex-direction: column; min-width: 120px; }
.llo-chart img { display: block; width: 100%; max-width: 1100px; height: auto;
                 max-height: calc(100vh - 250px); object-fit: contain; object-position: left; }
.llo-alt { display: block; font-size: 0.9em; }
/* the answer in one look: the headline at the horizon, the reference, the difference */
.llo-answer { display: flex; flex-wrap: wrap; align-items: flex-end; gap: 4px 28px;
              margin: 0 0 6px; }
.llo-answer .llo-control { width: 150px; min-width: 150px; margin: 0; }
.llo-answer .llo-control .v-input { min-width: 0; }
/* the running chart below the answer and the run bar: its axis inside a 720 px screen */
.llo-run-chart .llo-chart img { max-height: calc(100vh - 360px); }
.llo-big { display: flex; flex-direction: column; line-height: 1.1; }
.llo-big-number { font-size: 2.1em; font-weight: 700; font-variant-numeric: tabular-nums; }
.llo-big-ref .llo-big-number { color: #555; }
.llo-big-diff .llo-big-number { font-size: 1.5em; }
.llo-big-label { font-size: 0.95em; color: #333; }
/* the hover read-out of a chart */
.llo-readout-area { position: relative; max-width: 1100px; }
.llo-readout-line { position: absolute; width: 0; border-left: 1px solid #222;
                    pointer-events: none; }
.llo-readout { position: absolute; pointer-events: none; background: rgba(255,255,255,0.96);
               border: 1px solid #888; border-radius: 4px; padding: 4px 8px; font-size: 0.85em;
               box-shadow: 0 1px 4px rgba(0,0,0,0.25); max-width: 60%; z-index: 2; }
.llo-readout-month { font-weight: 600; }
.llo-swatch { display: inline-block; width: 10px; height: 10px; margin-right: 4px;
              border-radius: 2px; }
/* the glossary: a term shows its definition when pointed at, focused or tapped */
.llo-glossary { display: flex; flex-wrap: wrap; gap: 4px 14px; font-size: 0.9em;
                margin: 4px 0; align-items: baseline; }
.llo-glossary-title { color: #333; }
.llo-term { position: relative; border-bottom: 1px dotted #333; cursor: help; }
.llo-term:hover::after, .llo-term:focus::after {
  content: attr(data-def); position: absolute; left: 0; top: 1.6em; z-index: 5;
  width: min(360px, 80vw); padding: 6px 8px; background: #222; color: #fff;
  font-size: 14px; font-weight: 400; line-height: 1.35; border-radius: 4px; }
.llo-busy { align-items: center; }
.llo-workshop .llo-step-text { font-size: 1.1em; line-height: 1.4; margin: 6px 0; }
.llo-table { border-collapse: collapse; margin: 8px 0; font-size: 0.9em; }
.llo-scan-table { display: block; overflow-x: auto; max-width: 100%; }
.llo-scan-table td, .llo-scan-table th { white-space: nowrap; }
.llo-table th, .llo-table td { border-bottom: 1px solid #ddd; padding: 3px 8px;
                               text-align: left; }
.llo-step-line { display: block; margin: 2px 0; }
.llo-workshop-done { margin-top: 8px; }
/* the key message: dark text on the light green (contrast above 7:1, not the alert's 2.8:1) */
.llo-workshop-done, .llo-workshop-done * { color: #0b3d12 !important; }
.llo-workshop-done { background-color: #e3f4e4 !important; border-left: 6px solid #1b6e23; }
/* a visible focus: an outline, not only a faint tint */
.llo-app :focus-visible { outline: 3px solid #1a4fc4 !important; outline-offset: 2px; }
.llo-hidden { display: none !important; }
.llo-policy .v-btn { text-transform: none; letter-spacing: 0; max-width: 100%;
                    height: auto !important; min-height: 36px; }
.llo-policy .v-btn__content { white-space: normal; text-align: left; padding: 4px 0; }
.llo-policy h3 { margin: 18px 0 4px; }
.llo-mix-line, .llo-box-line { display: block; margin: 4px 0; }
.llo-progress { white-space: nowrap; }
/* a phone or a narrow window: settings behind a button, everything in one column */
@media (max-width: 900px) {
  .llo-app { padding: 4px 8px; }
  .llo-menu { display: inline-flex !important; }
  .llo-body { grid-template-columns: minmax(0, 1fr); }
  .llo-side { position: static; max-height: none; overflow: visible; }
  .llo-side-closed { display: none; }
  .llo-subtitle { display: none; }
  .llo-header h1 { font-size: 1.2em; }
  .llo-chart img { max-height: none; }
  .llo-participation, .llo-month { white-space: normal; }
  /* a compact tab bar: all tabs in a few short rows, not half the screen */
  .llo-tabs { gap: 2px; }
  .llo-tab { min-width: 0 !important; height: 28px !important; padding: 0 7px !important;
             font-size: 13px !important; }
}
/* presenting the workshop: no settings, large text, the chart inside the screen */
.llo-presenting .llo-side, .llo-presenting .llo-subtitle, .llo-presenting .llo-menu,
.llo-presenting .llo-tabs, .llo-presenting .llo-header { display: none !important; }
.llo-presenting .llo-body { grid-template-columns: minmax(0, 1fr); }
.llo-presenting { font-size: 24px; max-width: none; }
.llo-presenting .llo-workshop .llo-step-text { font-size: 24px; margin: 2px 0;
                                                line-height: 1.25; }
.llo-presenting .llo-note { font-size: 24px; }
.llo-presenting .v-btn { font-size: 22px !important; height: 48px !important; }
.llo-presenting .llo-chart img { max-height: calc(100vh - 330px); max-width: none; }
.llo-presenting .llo-chart .v-expansion-panels { display: none; }
.llo-presenting .llo-step-line { font-size: 24px; line-height: 1.25; }
.llo-presenting .llo-workshop-done, .llo-presenting .llo-workshop-done * { font-size: 24px;
  line-height: 1.25; }
.llo-presenting .llo-chart .v-btn { display: none; }
.llo-presenting .llo-workshop-started .llo-workshop-intro { display: none; }
@media (min-width: 1100px) {   /* the workshop's chart and its texts side by side */
  .llo-workshop-result { display: grid; align-items: start; gap: 20px;
                         grid-template-columns: minmax(0, 2fr) minmax(0, 1fr); }
  .llo-presenting .llo-chart img { max-height: calc(100vh - 140px); }
  .llo-presenting .llo-workshop-result { grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); }
}
"""
