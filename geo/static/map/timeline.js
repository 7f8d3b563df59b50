/* timeline: month buckets for the events, "up to" or "only in" the chosen month. */

var timeline = null;
if (DATA.events.length) timeline = buildTimeline();

function eventMonths(ev) {
  if (!ev.date) return null;
  return [ev.date.slice(0, 7), (ev.date_end || ev.date).slice(0, 7)];
}

function buildTimeline() {
  var months = [];
  DATA.events.forEach(function (ev) {
    var r = eventMonths(ev);
    if (r && months.indexOf(r[0]) < 0) months.push(r[0]);
  });
  months.sort();
  var undated = DATA.events.filter(function (ev) { return !ev.date; }).length;
  var state = { index: 0, mode: "upto", undated: true };

  var Control = L.Control.extend({
    options: { position: "bottomleft" },
    onAdd: function () {
      var slider = h("input", { type: "range", min: "0", max: String(months.length), step: "1", value: "0", "aria-label": "Show events by month" });
      var label = h("span", { class: "geo-tl-label", "aria-live": "polite" });
      var prev = h("button", { type: "button", class: "geo-btn-sm", title: "Previous month", text: "◀" });
      var next = h("button", { type: "button", class: "geo-btn-sm", title: "Next month", text: "▶" });
      var mode = h("select", { "aria-label": "Filter mode" }, [h("option", { value: "upto", text: "up to" }), h("option", { value: "only", text: "only in" })]);
      var undatedBox = h("input", { type: "checkbox", checked: "checked" });
      var ticks = h("div", { class: "geo-tl-ticks" }, [h("span", { text: "All" })].concat(months.map(function (m) {
        return h("span", { text: fmtMonth(m) });
      })));
      // Folded on small maps, where it would cover much of the view.
      var size = map.getSize();
      var roomy = size.x >= 600 && size.y >= 500;
      var box = h("details", { class: "geo-timeline leaflet-control-layers", open: roomy ? "open" : null }, [
        h("summary", null, [h("strong", { text: "Events by date: " }), label]),
        h("div", { class: "geo-tl-row" }, [prev, h("div", { class: "geo-tl-slider" }, [slider, ticks]), next]),
        h("div", { class: "geo-tl-opts" }, [
          h("label", null, ["Show events ", mode, " the chosen month"]),
          undated ? h("label", { class: "geo-tl-undated" }, [undatedBox, " and undated events (" + undated + ")"]) : null,
        ]),
      ]);
      function update() {
        state.index = parseInt(slider.value, 10);
        state.mode = mode.value;
        state.undated = undatedBox.checked;
        mode.disabled = state.index === 0;
        applyFilter(state, months);
        var shown = 0;
        eventVisible.forEach(function (v) { if (v) shown += 1; });
        label.textContent = (state.index === 0 ? "all dates" : fmtMonth(months[state.index - 1])) + " — " + plural(shown, "event");
        prev.disabled = state.index === 0;
        next.disabled = state.index === months.length;
      }
      slider.addEventListener("input", update);
      mode.addEventListener("change", update);
      undatedBox.addEventListener("change", update);
      prev.addEventListener("click", function () { slider.value = String(Math.max(0, state.index - 1)); update(); });
      next.addEventListener("click", function () { slider.value = String(Math.min(months.length, state.index + 1)); update(); });
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      this.reset = function () { slider.value = "0"; undatedBox.checked = true; update(); };
      update();
      return box;
    },
  });
  var c = new Control();
  c.addTo(map);
  return c;
}

function applyFilter(state, months) {
  var sel = state.index === 0 ? null : months[state.index - 1];
  DATA.events.forEach(function (ev, i) {
    var r = eventMonths(ev);
    var show;
    if (!r) show = state.undated;
    else if (!sel) show = true;
    else if (state.mode === "upto") show = r[0] <= sel;
    else show = r[0] <= sel && sel <= r[1];
    eventVisible[i] = show;
    var item = document.querySelector('[data-event="' + i + '"]');
    if (item) item.classList.toggle("geo-filtered", !show);
  });
  drawEvents(true);
}
