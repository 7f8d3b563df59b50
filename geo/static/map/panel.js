/* panel: the side panel (legend, places, operations, bases, events, document), its toggle
 * and the no-places message. */

// ---- legend (shown at the top of the side panel, so it never covers the map)
function legendBody() {
  var rows = [];
  function row(sym, text, wide) {
    rows.push(h("div", { class: "geo-legend-row" + (wide ? " geo-legend-wide" : "") }, [h("span", { class: "geo-legend-sym", svg: sym }), h("span", { text: text })]));
  }
  function head(text) {
    rows.push(h("div", { class: "geo-legend-head", text: text }));
  }
  var present = {};
  DATA.places.forEach(function (p) {
    present[p.kind + (p.approximate && !p.shape ? "~" : "")] = true;
  });
  if (DATA.places.length) head("Places named in the document");
  if (present.region) row(areaSymbol("region"), "Region");
  if (present.cercle) row(areaSymbol("cercle"), "Cercle");
  if (present.area) row(areaSymbol("area"), "Other area");
  if (present.axis) row(areaSymbol("axis"), "Axis (road)");
  if (present.town) row(pointSymbol("town", false), "Town");
  if (present.village) row(pointSymbol("village", false), "Village");
  if (present["town~"]) row(pointSymbol("town", true), "Town, approximate", true);
  if (present["village~"]) row(pointSymbol("village", true), "Village, approximate (drawn at its cercle)", true);
  if (!DATA.places.length) head("Background");
  row(svg(22, 14, '<rect x="2" y="2" width="18" height="10" fill="#f7f2e4" stroke="#b3a68c" stroke-width="1"/>'), DATA.places.length ? "Other regions" : "Regions of Mali");
  if (outline) row(svg(22, 14, '<path d="M2 7h18" stroke="#5b5142" stroke-width="2.2"/>'), "Border of Mali");
  if (DATA.operations.length) {
    head("Operations: areas hatched, places ringed");
    DATA.operations.forEach(function (op, i) {
      row(opSwatchSvg(i), (op.name || op.name_local) + (op.actor ? " — " + op.actor : ""), true);
    });
  }
  if (DATA.bases.length || DATA.events.length) head("Bases and events");
  if (DATA.bases.length) row(BASE_SVG, "Temporary operating base", true);
  var seen = {};
  DATA.events.forEach(function (ev) {
    var key = EVENT_TYPES[ev.type] ? ev.type : "other:" + ev.type;
    if (seen[key]) return;
    seen[key] = true;
    row(eventSvg(ev.type, false), eventType(ev.type).label);
  });
  if (DATA.events.some(function (ev) { return !ev.date; })) row(eventSvg("other", true), "Dashed ring: undated event", true);
  return h("div", { class: "geo-legend" }, rows);
}

// ------------------------------------------------------------------ side panel

// One popup waits for the end of the fly-to at a time. A second click replaces the first's
// wait, and the popup opens on the next tick: stopping a pan animation fires "moveend"
// synchronously, and opening one popup inside another's opening crashes Leaflet.
var pendingOpen = null;
function openAfterMove(layer) {
  if (pendingOpen) map.off("moveend", pendingOpen);
  pendingOpen = function () {
    map.off("moveend", pendingOpen);
    pendingOpen = null;
    setTimeout(function () {
      if (layer._map || (layer.getLayers && layer.getLayers().length)) layer.openPopup();
    }, 0);
  };
  map.on("moveend", pendingOpen);
}

function focus(layer, group) {
  if (!layer) return;
  if (group && !map.hasLayer(group)) map.addLayer(group);
  var opts = { duration: REDUCED_MOTION ? 0 : 0.8, animate: !REDUCED_MOTION };
  openAfterMove(layer);
  if (layer.getBounds) {
    map.flyToBounds(layer.getBounds(), L.extend({ padding: [40, 40], maxZoom: 10 }, opts));
  } else {
    map.flyTo(layer.getLatLng(), Math.max(map.getZoom(), 9), opts);
  }
}

function item(symbolSvg, main, sub, extra, onClick, attrs) {
  var btn = h("button", L.extend({ type: "button", class: "geo-item" }, attrs || {}), [
    h("span", { class: "geo-item-sym", svg: symbolSvg }),
    // sub: a string, or nodes when it holds a quote of the document (see baseDateNodes).
    h("span", { class: "geo-item-text" }, [h("span", { class: "geo-item-main", text: main }), sub ? h("span", typeof sub === "string" ? { class: "geo-item-sub", text: sub } : { class: "geo-item-sub" }, typeof sub === "string" ? null : sub) : null]),
    extra ? h("span", { class: "geo-item-extra", text: extra }) : null,
  ]);
  btn.addEventListener("click", function (e) {
    onClick(e);
    // On a phone the panel covers the map: get out of the way to show the place.
    if (window.innerWidth < 760 && btn.closest(".geo-list") && !btn.closest(".geo-unmapped")) setPanel(false);
  });
  return h("li", null, [btn]);
}

// The interface speaks English; the document's own words come as a quote beside it
// ("no calendar date · as written “不到 48 小时”").
function baseDateNodes(b) {
  if (b.date) return fmtDate(b.date);
  if (!b.date_text) return "date not stated";
  return [baseDateLabel(b) + " · as written ", documentQuote(b.date_text)];
}

function section(title, count, children, open) {
  var summary = h("summary", null, [title, count === "" ? null : h("span", { class: "geo-count", text: String(count) })]);
  return h("details", { class: "geo-section", open: open ? "open" : null }, [summary].concat(children));
}

function hasCjk() {
  var cjk = /[\u3400-\u9fff]/;
  return cjk.test(document.title) || DATA.places.some(function (p) { return cjk.test(p.name_zh || ""); });
}

// A private-use character has a glyph in no ordinary font: when 马 draws exactly like it, the
// browser has no font for Chinese either and shows boxes.
function cjkFontMissing() {
  var canvas = document.createElement("canvas");
  canvas.width = 40;
  canvas.height = 24;
  var ctx = canvas.getContext("2d");
  if (!ctx) return false;
  function pixels(ch) {
    ctx.clearRect(0, 0, 40, 24);
    ctx.font = "18px sans-serif";
    ctx.fillText(ch, 2, 19);
    return Array.prototype.join.call(ctx.getImageData(0, 0, 40, 24).data, "");
  }
  return pixels("\u9a6c") === pixels("\ue000");
}

function buildPanel() {
  var panel = document.getElementById("geo-panel");
  panel.appendChild(h("div", { class: "geo-hint geo-intro", text: "Click a name to show it on the map. Popups quote the sentences of the document that name the place, with their paragraph numbers (¶)." }));
  if (hasCjk() && cjkFontMissing()) {
    panel.appendChild(h("div", { class: "geo-warn geo-font", text: "This computer has no Chinese font, so Chinese names show as boxes. Install one (Debian or Ubuntu: fonts-noto-cjk) and reload; the map itself is complete." }));
  }
  panel.appendChild(section("Legend", "", [legendBody()], true));

  // Places grouped by kind.
  var groups = DATA.kinds.map(function (k) {
    var list = DATA.places.filter(function (p) { return p.kind === k; }).sort(function (a, b) {
      return (a.name || a.name_zh).localeCompare(b.name || b.name_zh, "fr") || a.id - b.id;
    });
    var ul = h("ul", { class: "geo-list" }, list.map(function (p) {
      var zh = p.name_zh && p.name_zh !== p.name ? p.name_zh : "";
      var extra = (p.approximate ? "approx. · " : "") + "×" + p.mentions;
      var li = item(placeSymbol(p), p.name || zh || p.key, zh, extra, function () {
        if (placeLayers[p.id]) focus(placeLayers[p.id], kindGroups[p.kind]);
        else {
          var open = li.querySelector(".geo-inline");
          if (open) open.remove();
          else li.appendChild(h("div", { class: "geo-inline" }, [h("div", { class: "geo-hint", text: "No shape on the map for this place." }), placePopup(p)]));
        }
      }, { "data-place": String(p.id) });
      if (!placeLayers[p.id]) li.classList.add("geo-unmapped");
      return li;
    }));
    return h("div", { class: "geo-kind" }, [h("h3", null, [kindLabel(k), h("span", { class: "geo-count", text: String(list.length) })]), ul]);
  });
  if (!DATA.places.length) groups = [h("p", { class: "geo-empty-note", text: "No places found in this document." })];
  if (DATA.places_total > DATA.places.length) {
    groups.unshift(h("p", { class: "geo-hint geo-capped", text: "The map shows the " + DATA.places.length + " most-mentioned of " + DATA.places_total + " places; places.geojson and mentions.csv list them all." }));
  }
  panel.appendChild(section("Places", DATA.places.length, groups, true));

  if (DATA.operations.length) {
    panel.appendChild(section("Operations", DATA.operations.length, [h("ul", { class: "geo-list" }, DATA.operations.map(function (op, i) {
      return item(opSwatchSvg(i), op.name || op.name_local, [op.name_local !== op.name ? op.name_local : "", op.actor].filter(Boolean).join(" · "), plural(op.places.length, "place"), function () {
        var layers = opGroups[i].getLayers();
        if (!map.hasLayer(opGroups[i])) map.addLayer(opGroups[i]);
        if (!layers.length) return;
        openAfterMove(layers[0]);
        map.flyToBounds(opGroups[i].getBounds(), { padding: [40, 40], maxZoom: 10, animate: !REDUCED_MOTION, duration: REDUCED_MOTION ? 0 : 0.8 });
      }, { "data-operation": String(i) });
    }))], true));
  }
  if (DATA.bases.length) {
    panel.appendChild(section("Temporary bases", DATA.bases.length, [h("ul", { class: "geo-list" }, DATA.bases.map(function (b, i) {
      var p = b.place !== null ? DATA.places[b.place] : null;
      return item(BASE_SVG, p ? placeName(p) : "(not located)", baseDateNodes(b), null, function () {
        focus(baseMarkers[i], baseGroup);
      }, { "data-base": String(i) });
    }))], true));
  }
  if (DATA.events.length) {
    var order = DATA.events.map(function (ev, i) { return i; }).sort(function (a, b) {
      var da = DATA.events[a].date || "9999", db = DATA.events[b].date || "9999";
      return da < db ? -1 : da > db ? 1 : a - b;
    });
    panel.appendChild(section("Events", DATA.events.length, [h("ul", { class: "geo-list" }, order.map(function (i) {
      var ev = DATA.events[i];
      return item(eventSvg(ev.type, !ev.date), ev.label, eventDateText(ev) + (ev.places.length ? " · " + placesLine(ev.places) : ""), null, function () {
        if (!eventVisible[i] && timeline) timeline.reset();
        if (eventMarker[i]) focus(eventMarker[i], eventGroup);
      }, { "data-event": String(i) });
    }))], false));
  }
  if (DATA.unresolved.length) {
    var more = DATA.unresolved_total - DATA.unresolved.length;
    panel.appendChild(section("Names not located", DATA.unresolved_total, [h("ul", { class: "geo-list geo-unresolved" }, DATA.unresolved.map(function (u) {
      return h("li", null, [h("span", { class: "geo-item-main", text: u.surface }), h("span", { class: "geo-item-sub", text: "¶ " + u.paragraph + (u.kind ? " · " + u.kind : "") + (u.note ? " · " + u.note : "") })]);
    })), more > 0 ? h("div", { class: "geo-more", text: "… and " + more + " more" }) : null], false));
  }
  var docInfo = DATA.document;
  panel.appendChild(section("Document", "", [h("div", { class: "geo-about" }, [
    h("div", { class: "geo-about-title", text: docInfo.title || DATA.title }),
    factsTable([
      ["Date", docInfo.date ? fmtDate(docInfo.date) : "not stated"],
      ["Source", docInfo.source],
      ["Language", docInfo.language],
      ["SHA-256", docInfo.sha256],
    ]),
  ])], false));
}
buildPanel();

// Panel toggle; collapsed by default on narrow screens.
var toggle = document.getElementById("geo-panel-toggle");
function setPanel(open) {
  app.classList.toggle("geo-panel-closed", !open);
  toggle.setAttribute("aria-expanded", open ? "true" : "false");
  map.invalidateSize();
}
toggle.addEventListener("click", function () {
  setPanel(app.classList.contains("geo-panel-closed"));
});
if (window.innerWidth < 760) setPanel(false);

// ---- no places: say so on the map itself
if (!DATA.places.length) {
  var msg = h("div", { class: "geo-empty", role: "status" }, [
    h("strong", { text: "No places found" }),
    h("span", { text: DATA.unresolved_total ? plural(DATA.unresolved_total, "name") + " could not be located (see the side panel)." : "The document names no place that could be located." }),
  ]);
  document.getElementById("geo-map").appendChild(msg);
}
