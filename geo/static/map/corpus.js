/* corpus: the map of many documents. A document filter (one, several, all), a timeline over
 * the documents' dates, popups that quote per document, and clustered markers
 * (Leaflet.markercluster, inlined in the page head). Runs after core, symbols and popups. */

var app = document.getElementById("geo-app");
var map = window[DATA.map_var];
var DOCS = DATA.documents;
var MAX_POPUP_DOCS = 12; // documents listed in a popup; the rest are counted
var MAX_PANEL_PLACES = 300;

map.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>');
DATA.attribution.forEach(function (a) {
  map.attributionControl.addAttribution(esc(a));
});
var overlay = map.getPane("overlayPane");
[["geo-context", 1], ["geo-areas", 2], ["geo-lines", 4]].forEach(function (p) {
  map.createPane(p[0], overlay).style.zIndex = p[1];
});

// ------------------------------------------------------------------ base layers, context

var contextLayers = [];
var contextGroup = L.featureGroup().addTo(map);
DATA.context.regions.forEach(function (r) {
  var layer = L.geoJSON(r.shape, { pane: "geo-context", interactive: false, style: contextStyle(false) });
  contextLayers.push(layer);
  contextGroup.addLayer(layer);
});
if (DATA.context.outline) {
  contextGroup.addLayer(L.geoJSON(DATA.context.outline, { pane: "geo-context", interactive: false, style: outlineStyle() }));
}
// The offline look until a tile loads; back to the vector layers alone when none does (tiles.js).
function setTileLook(tiles) {
  app.classList.toggle("geo-tiles-on", tiles);
  contextLayers.forEach(function (l) { l.setStyle(contextStyle(tiles)); });
}
var baseLayers = makeBaseLayers(map, setTileLook);

// ------------------------------------------------------------------ which documents are shown

var docChecked = DOCS.map(function (d) { return d.status === "ok"; });
// A date without its year ("XXXX-03-05") has no place on a timeline across years.
function onTimeline(d) { return !!d.date && d.date.slice(0, 4) !== "XXXX"; }
var months = [];
DOCS.forEach(function (d) {
  if (d.status === "ok" && onTimeline(d) && months.indexOf(d.date.slice(0, 7)) < 0) months.push(d.date.slice(0, 7));
});
months.sort();
var timeState = { index: 0, mode: "upto", undated: true };

function inTime(d) {
  if (!onTimeline(d)) return timeState.undated;
  if (timeState.index === 0) return true;
  var sel = months[timeState.index - 1], m = d.date.slice(0, 7);
  return timeState.mode === "upto" ? m <= sel : m === sel;
}
var docActive = [];
function computeActive() {
  docActive = DOCS.map(function (d, i) { return docChecked[i] && inTime(d); });
}

function shownDocs(p) {
  return p.docs.filter(function (d) { return docActive[d[0]]; });
}

// ------------------------------------------------------------------ places

// markercluster needs the map's zoom range, which only tile layers would otherwise give.
if (map.options.maxZoom === undefined) map.setMaxZoom(18);
// Synchronous adds (no chunkedLoading): a filter change redraws at once, and a click right after
// it finds every marker in its final cluster. Distinct places are few (the gazetteer bounds them).
var cluster = L.markerClusterGroup({ showCoverageOnHover: false, maxClusterRadius: 40, spiderfyOnMaxZoom: true });
var areaGroup = L.featureGroup();
areaGroup.addTo(map);
cluster.addTo(map);
var placeLayers = {};
var QUOTES = DATA.places.map(function (p) {
  var byDoc = {};
  p.quotes.forEach(function (q) { byDoc[q[0]] = q; });
  return byDoc;
});

function shapeStyle(p, n) {
  if (p.shape_type === "line") return { color: COLORS.axis, weight: 4, opacity: 0.85 };
  if (p.kind === "country") return { color: COLORS.country.color, weight: 2, fill: false, dashArray: "6 4" };
  var st = COLORS[p.kind] || COLORS.area;
  // More documents, stronger fill: the eye finds where the reports keep returning.
  var f = Math.min(0.55, 0.08 + 0.1 * Math.log(1 + n) / Math.LN2);
  return { color: st.color, weight: 1.6, fillColor: st.fill || st.color, fillOpacity: f, dashArray: p.kind === "cercle" ? "4 2" : null };
}

DATA.places.forEach(function (p) {
  if (!p.drawn) return;
  var layer;
  if (p.shape) {
    layer = L.geoJSON(p.shape, { pane: p.shape_type === "line" ? "geo-lines" : "geo-areas", style: shapeStyle(p, 1) });
  } else {
    var icon = L.divIcon({ className: "geo-pt", html: pointSymbol(p.kind, p.approximate), iconSize: [16, 16], iconAnchor: [8, 8] });
    layer = L.marker(p.point, { icon: icon, title: placeName(p), riseOnHover: true });
  }
  layer.bindPopup(function () { return corpusPopup(p); }, POPUP_OPTS);
  layer.bindTooltip(function () { return h("span", { text: placeName(p) }); }, { sticky: !!p.shape, direction: "top", className: "geo-context-tip" });
  placeLayers[p.id] = layer;
});

var placeShown = [];
function redraw() {
  computeActive();
  areaGroup.clearLayers();
  cluster.clearLayers();
  var markers = [];
  placeShown = DATA.places.map(function (p) {
    var docs = shownDocs(p);
    var layer = placeLayers[p.id];
    if (!docs.length || !layer) return docs.length;
    if (p.shape) {
      layer.setStyle(shapeStyle(p, docs.length));
      areaGroup.addLayer(layer);
    } else {
      markers.push(layer);
    }
    return docs.length;
  });
  cluster.addLayers(markers);
  updatePanel();
}

// ------------------------------------------------------------------ popups

function docLine(i) {
  var d = DOCS[i];
  return (d.date ? fmtDate(d.date) + " · " : "") + (d.title || d.label);
}

function corpusPopup(p) {
  var docs = shownDocs(p).slice().sort(function (a, b) {
    var da = DOCS[a[0]].date || "9999", db = DOCS[b[0]].date || "9999";
    return da < db ? -1 : da > db ? 1 : a[0] - b[0];
  });
  var mentions = docs.reduce(function (n, d) { return n + d[1]; }, 0);
  var prec = p.precision ? p.precision + " — " + (VOCAB.precision_labels[String(p.precision)] || "?") : null;
  var zh = p.name_zh && p.name_zh !== p.name ? p.name_zh : "";
  var items = docs.slice(0, MAX_POPUP_DOCS).map(function (d) {
    var q = QUOTES[p.id][d[0]];
    var paras = d[2].length ? " · ¶ " + d[2].join(", ") : "";
    var children = [
      h("div", { class: "geo-doc-head", text: docLine(d[0]) }),
      h("div", { class: "geo-pop-sub", text: DOCS[d[0]].label + " · " + plural(d[1], "mention") + paras }),
    ];
    if (q) children = children.concat(evidenceList({ evidence: q[1], more: q[2] - q[1].length }));
    else children.push(h("div", { class: "geo-more", text: "(quotes kept for the first documents only; every sentence is in mentions.csv)" }));
    return h("li", { class: "geo-doc-quotes" }, children);
  });
  var nodes = [
    head(kindLabel(p.kind) + (p.approximate ? " · approximate location" : ""), p.name || p.name_zh || p.key, zh ? "Chinese: " + zh : "", placeSymbol(p)),
    p.approximate || p.note ? h("div", { class: p.approximate ? "geo-warn" : "geo-note", text: p.note || "drawn at its parent unit" }) : null,
    factsTable([["Cercle", p.admin2], ["Region", p.admin1], ["Precision", prec]]),
    h("div", { class: "geo-pop-section", text: "Named " + plural(mentions, "time") + " in " + plural(docs.length, "shown document") + (docs.length < p.docs.length ? " (" + p.docs.length + " in all)" : "") }),
    h("ol", { class: "geo-doc-list" }, items),
  ];
  if (docs.length > MAX_POPUP_DOCS) nodes.push(h("div", { class: "geo-more", text: "… and " + plural(docs.length - MAX_POPUP_DOCS, "more document") }));
  nodes.push(h("div", { class: "geo-pop-section", text: "Source of the location" }));
  nodes.push(factsTable([["GeoNames id", p.geonames_id], ["P-code", p.pcode], ["Gazetteer", p.source], ["Geocoder", p.geocoder]]));
  return h("div", { class: "geo-popup" }, nodes);
}

// ------------------------------------------------------------------ timeline (documents by date)

var timeline = null;
if (months.length) {
  var TimeControl = L.Control.extend({
    options: { position: "bottomleft" },
    onAdd: function () {
      var undated = DOCS.filter(function (d) { return d.status === "ok" && !onTimeline(d); }).length;
      var slider = h("input", { type: "range", min: "0", max: String(months.length), step: "1", value: "0", "aria-label": "Show documents by month" });
      var label = h("span", { class: "geo-tl-label", "aria-live": "polite" });
      var mode = h("select", { "aria-label": "Filter mode" }, [h("option", { value: "upto", text: "up to" }), h("option", { value: "only", text: "only in" })]);
      var undatedBox = h("input", { type: "checkbox", checked: "checked" });
      var first = months[0], last = months[months.length - 1];
      var box = h("details", { class: "geo-timeline leaflet-control-layers", open: "open" }, [
        h("summary", null, [h("strong", { text: "Documents by date: " }), label]),
        h("div", { class: "geo-tl-row" }, [h("div", { class: "geo-tl-slider" }, [slider, h("div", { class: "geo-tl-ticks" }, [h("span", { text: "All" }), h("span", { text: fmtMonth(first) + (first !== last ? " → " + fmtMonth(last) : "") })])])]),
        h("div", { class: "geo-tl-opts" }, [
          h("label", null, ["Show documents ", mode, " the chosen month"]),
          undated ? h("label", { class: "geo-tl-undated" }, [undatedBox, " and undated documents (" + undated + ")"]) : null,
        ]),
      ]);
      function update() {
        timeState.index = parseInt(slider.value, 10);
        timeState.mode = mode.value;
        timeState.undated = undatedBox.checked;
        mode.disabled = timeState.index === 0;
        redraw();
        var n = docActive.filter(Boolean).length;
        label.textContent = (timeState.index === 0 ? "all dates" : fmtMonth(months[timeState.index - 1])) + " — " + plural(n, "document");
      }
      slider.addEventListener("input", update);
      mode.addEventListener("change", update);
      undatedBox.addEventListener("change", update);
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      this.set = function (index, m) { slider.value = String(index); mode.value = m || "upto"; update(); };
      this.update = update;
      return box;
    },
  });
  timeline = new TimeControl();
}

// ------------------------------------------------------------------ side panel

var panel = document.getElementById("geo-panel");
var docCount = h("span", { class: "geo-count" });
var placeCount = h("span", { class: "geo-count" });
var placeList = h("ul", { class: "geo-list" });
var placeMore = h("div", { class: "geo-more" });
var docBoxes = [];

function flyTo(p) {
  var layer = placeLayers[p.id];
  if (!layer) return;
  var done = false, tries = 0;
  // Opened only once the place is really shown: markercluster re-adds markers at the end of
  // its animations, which would close a popup opened earlier.
  function attempt() {
    if (done) return;
    var shown = p.shape ? !!layer._map : !!layer._icon && !cluster._inZoomAnimation && !map._animatingZoom;
    if (shown) {
      done = true;
      layer.openPopup();
    } else if (++tries < 40) {
      setTimeout(attempt, 150);
    }
  }
  if (p.shape) {
    map.once("moveend", function () { setTimeout(attempt, 0); });
    map.flyToBounds(layer.getBounds(), { padding: [40, 40], maxZoom: 9, animate: !REDUCED_MOTION });
    setTimeout(attempt, REDUCED_MOTION ? 0 : 1500); // no moveend when nothing had to move
  } else {
    cluster.zoomToShowLayer(layer, function () { setTimeout(attempt, 0); });
  }
}

function updatePanel() {
  var active = docActive.filter(Boolean).length;
  docCount.textContent = active + " / " + DOCS.length;
  docBoxes.forEach(function (b, i) {
    b.row.classList.toggle("geo-filtered", !docActive[i]);
  });
  var shown = DATA.places.filter(function (p) { return placeShown[p.id] > 0; }).sort(function (a, b) {
    return placeShown[b.id] - placeShown[a.id] || (a.name || a.name_zh).localeCompare(b.name || b.name_zh, "fr") || a.id - b.id;
  });
  placeCount.textContent = String(shown.length);
  placeList.textContent = "";
  shown.slice(0, MAX_PANEL_PLACES).forEach(function (p) {
    var btn = h("button", { type: "button", class: "geo-item", "data-place": String(p.id) }, [
      h("span", { class: "geo-item-sym", svg: placeSymbol(p) }),
      h("span", { class: "geo-item-text" }, [h("span", { class: "geo-item-main", text: p.name || p.name_zh || p.key }), h("span", { class: "geo-item-sub", text: kindLabel(p.kind) + (p.admin1 && p.kind !== "region" ? " · " + p.admin1 : "") })]),
      h("span", { class: "geo-item-extra", title: "Documents that name it", text: plural(placeShown[p.id], "doc") }),
    ]);
    btn.addEventListener("click", function () { flyTo(p); });
    placeList.appendChild(h("li", null, [btn]));
  });
  placeMore.textContent = shown.length > MAX_PANEL_PLACES ? "… and " + (shown.length - MAX_PANEL_PLACES) + " more" : "";
}

function setDocuments(indexes) {
  var want = {};
  indexes.forEach(function (i) { want[i] = true; });
  DOCS.forEach(function (d, i) {
    docChecked[i] = d.status === "ok" && !!want[i];
    if (docBoxes[i]) docBoxes[i].box.checked = docChecked[i];
  });
  redraw();
  if (timeline) timeline.update();
}

function buildPanel() {
  var ok = DOCS.filter(function (d) { return d.status === "ok"; }).length;
  panel.appendChild(h("div", { class: "geo-hint geo-intro", text: "Tick the documents to show. Popups list, per document, how often it names the place and quote its sentences (¶ = paragraph). Numbered circles group nearby places: click to zoom in." }));
  var search = h("input", { type: "search", class: "geo-doc-search", placeholder: "Filter the list by title, file or date", "aria-label": "Filter the document list" });
  var all = h("button", { type: "button", class: "geo-btn-sm", text: "All" });
  var none = h("button", { type: "button", class: "geo-btn-sm", text: "None" });
  var only = h("button", { type: "button", class: "geo-btn-sm", text: "Only listed", title: "Show exactly the documents the filter lists" });
  var list = h("ul", { class: "geo-list geo-doc-items" }, DOCS.map(function (d, i) {
    var failed = d.status !== "ok";
    var box = h("input", { type: "checkbox", checked: failed ? null : "checked", disabled: failed ? "disabled" : null, "data-doc": String(i) });
    var sub = failed ? "error: could not be read (see documents.csv)" : [d.date ? fmtDate(d.date) : "undated", d.label, plural(d.places, "place")].join(" · ");
    var row = h("label", { class: "geo-doc" + (failed ? " geo-doc-failed" : "") }, [box, h("span", { class: "geo-item-text" }, [h("span", { class: "geo-item-main", text: d.title || d.label }), h("span", { class: "geo-item-sub", text: sub })])]);
    box.addEventListener("change", function () {
      docChecked[i] = box.checked;
      redraw();
      if (timeline) timeline.update();
    });
    docBoxes.push({ box: box, row: row, text: [d.title, d.label, d.date || ""].join(" ").toLowerCase() });
    return h("li", null, [row]);
  }));
  function listed() {
    var q = search.value.trim().toLowerCase();
    return DOCS.map(function (d, i) { return i; }).filter(function (i) { return !q || docBoxes[i].text.indexOf(q) >= 0; });
  }
  search.addEventListener("input", function () {
    var keep = {};
    listed().forEach(function (i) { keep[i] = true; });
    docBoxes.forEach(function (b, i) { b.row.parentNode.style.display = keep[i] ? "" : "none"; });
  });
  all.addEventListener("click", function () { setDocuments(DOCS.map(function (d, i) { return i; })); });
  none.addEventListener("click", function () { setDocuments([]); });
  only.addEventListener("click", function () { setDocuments(listed()); });
  var docSection = h("details", { class: "geo-section", open: "open" }, [
    h("summary", null, ["Documents", docCount]),
    h("div", { class: "geo-doc-tools" }, [search, h("div", null, [all, " ", none, " ", only])]),
    list,
    ok < DOCS.length ? h("div", { class: "geo-hint", text: plural(DOCS.length - ok, "document") + " could not be read; documents.csv says why." }) : null,
  ]);
  var legend = h("div", { class: "geo-legend" }, [
    ["region", areaSymbol("region"), "Region (stronger fill: more documents)"],
    ["cercle", areaSymbol("cercle"), "Cercle"],
    ["town", pointSymbol("town", false), "Town"],
    ["village", pointSymbol("village", false), "Village"],
  ].map(function (r) {
    return h("div", { class: "geo-legend-row" }, [h("span", { class: "geo-legend-sym", svg: r[1] }), h("span", { text: r[2] })]);
  }).concat([h("div", { class: "geo-legend-row geo-legend-wide" }, [h("span", { class: "geo-legend-sym" }, [h("span", { class: "geo-cluster-swatch", text: "5" })]), h("span", { text: "Several places close together: click to zoom in" })])]));
  panel.appendChild(docSection);
  panel.appendChild(h("details", { class: "geo-section", open: "open" }, [h("summary", null, ["Places in the shown documents", placeCount]), placeList, placeMore]));
  panel.appendChild(h("details", { class: "geo-section" }, [h("summary", null, ["Legend"]), legend]));
}

buildPanel();
if (timeline) timeline.addTo(map);
if (Object.keys(baseLayers).length > 1) L.control.layers(baseLayers, null, { position: "topright", collapsed: true }).addTo(map);
L.control.scale({ imperial: false, position: "bottomright" }).addTo(map);
if (timeline) timeline.update(); // draws too
else redraw();

var toggle = document.getElementById("geo-panel-toggle");
function setPanel(open) {
  app.classList.toggle("geo-panel-closed", !open);
  toggle.setAttribute("aria-expanded", open ? "true" : "false");
  map.invalidateSize();
}
toggle.addEventListener("click", function () { setPanel(app.classList.contains("geo-panel-closed")); });
if (window.innerWidth < 760) setPanel(false);

if (DATA.bounds) map.fitBounds(DATA.bounds, { paddingTopLeft: [40, 30], paddingBottomRight: [30, 120], maxZoom: 9, animate: false });

// A hook for tests and for people poking at the page from the console.
window.geoMap = { map: map, cluster: cluster, areas: areaGroup, places: placeLayers, timeline: timeline, setDocuments: setDocuments, shown: function () { return docActive.slice(); } };
