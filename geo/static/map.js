/* Map page script for geo.render: draws the JSON payload with Leaflet.
 *
 * Security rule: every string that comes from the document (names, sentences,
 * titles, notes) reaches the DOM through textContent / createTextNode only.
 * innerHTML is used solely for our own SVG symbols, and Leaflet APIs that take
 * HTML (layer control labels) get esc()-aped text.
 */
(function () {
  "use strict";

  var DATA = JSON.parse(document.getElementById("geo-data").textContent);
  var REDUCED_MOTION = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;

  // ------------------------------------------------------------------ helpers

  function h(tag, attrs, children) {
    var node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) {
        var v = attrs[k];
        if (v === null || v === undefined || v === false) return;
        if (k === "class") node.className = v;
        else if (k === "text") node.textContent = String(v);
        else if (k === "svg") node.innerHTML = v; // our own constant SVG markup only
        else node.setAttribute(k, v);
      });
    }
    [].concat(children || []).forEach(function (c) {
      if (c === null || c === undefined || c === false || c === "") return;
      node.appendChild(typeof c === "string" || typeof c === "number" ? document.createTextNode(String(c)) : c);
    });
    return node;
  }

  function esc(s) {
    return String(s).replace(/[&<>"'`]/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;", "`": "&#96;" }[c];
    });
  }

  var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

  function fmtDate(d) {
    if (!d) return "";
    var p = d.split("-");
    var m = MONTHS[parseInt(p[1], 10) - 1] || p[1];
    return p.length > 2 ? parseInt(p[2], 10) + " " + m + " " + p[0] : m + " " + p[0];
  }

  function fmtMonth(ym) {
    return fmtDate(ym.slice(0, 7));
  }

  function plural(n, one, many) {
    return n + " " + (n === 1 ? one : many || one + "s");
  }

  function kindLabel(kind) {
    return DATA.kind_labels[kind] || kind || "Place";
  }

  function placeName(p) {
    return p.name_zh && p.name_zh !== p.name ? p.name + " · " + p.name_zh : p.name || p.name_zh || p.key;
  }

  // ------------------------------------------------------------------ symbols (our SVG only)

  var COLORS = {
    town: "#1f3b73",
    village: "#2f7d32",
    point: "#6d4c41",
    region: { color: "#b4532a", fill: "#e9a66b" },
    cercle: { color: "#17706a", fill: "#5fb3a8" },
    area: { color: "#6b4fa0", fill: "#a58fd0" },
    country: { color: "#3d3d3d" },
    axis: "#7a4b2a",
    base: "#0b5fa5",
  };
  var OP_COLORS = ["#d81b60", "#1e88e5", "#8e24aa", "#f4511e", "#00897b", "#c0ca33", "#5e35b1", "#6d4c41"];
  var OP_ANGLES = [45, -45, 0, 90, 30, -60, 60, -30];

  var EVENT_TYPES = {
    attack: { color: "#c62828", label: "Attack", glyph: '<path d="M11 4.2l1.7 4.3 4.4-1.4-2.5 3.9 2.5 3.9-4.4-1.4L11 17.8l-1.7-4.3-4.4 1.4 2.5-3.9-2.5-3.9 4.4 1.4z" fill="#fff"/>' },
    handover: { color: "#00838f", label: "Handover", glyph: '<path d="M6 9h9m-2.6-2.6L15 9l-2.6 2.6M16 13.5H7m2.6-2.6L7 13.5l2.6 2.6" stroke="#fff" stroke-width="1.7" fill="none" stroke-linecap="round" stroke-linejoin="round"/>' },
    inspection: { color: "#1565c0", label: "Inspection / investigation", glyph: '<circle cx="10" cy="10" r="3.6" stroke="#fff" stroke-width="1.8" fill="none"/><path d="M12.7 12.7l3.6 3.6" stroke="#fff" stroke-width="2" stroke-linecap="round"/>' },
    reinforcement: { color: "#2e7d32", label: "Reinforcement", glyph: '<path d="M11 5.2l5 1.9v3.6c0 3-2.2 5.1-5 6.1-2.8-1-5-3.1-5-6.1V7.1z" fill="#fff"/><path d="M11 8v5.6M8.2 10.8h5.6" stroke="#2e7d32" stroke-width="1.6"/>' },
    plan: { color: "#5d4037", label: "Plan / decision", glyph: '<rect x="7" y="6" width="8" height="11" rx="1" stroke="#fff" stroke-width="1.5" fill="none"/><path d="M9 9.5h4M9 12h4M9 14.5h2.5" stroke="#fff" stroke-width="1.3"/>' },
    "return": { color: "#ef6c00", label: "Return of displaced people", glyph: '<path d="M5.8 11.2L11 6.6l5.2 4.6M7.6 10v6.2h6.8V10" stroke="#fff" stroke-width="1.7" fill="none" stroke-linejoin="round"/>' },
    base: { color: "#0b5fa5", label: "Base set up", glyph: '<path d="M8 16.5V5.5" stroke="#fff" stroke-width="1.6" stroke-linecap="round"/><path d="M8.8 5.8l6.6 2.5-6.6 2.5z" fill="#fff"/>' },
    mediation: { color: "#5e35b1", label: "Mediation / dialogue", glyph: '<path d="M5.7 6.3h7.4c.7 0 1.2.5 1.2 1.2v3.6c0 .7-.5 1.2-1.2 1.2H9.2l-2.7 2v-2h-.8c-.7 0-1.2-.5-1.2-1.2V7.5c0-.7.5-1.2 1.2-1.2z" fill="#fff"/><path d="M15.6 9.3h.9c.6 0 1 .4 1 1v3c0 .6-.4 1-1 1h-.5v1.6l-2.1-1.6h-2.1" stroke="#fff" stroke-width="1.2" fill="none" stroke-linejoin="round"/>' },
    patrol: { color: "#37474f", label: "Patrols", glyph: '<path d="M5.5 15.8c2-4 4.5 0 6.5-3.5s3-4 4.5-5" stroke="#fff" stroke-width="1.7" fill="none" stroke-dasharray="2.2 1.8" stroke-linecap="round"/><circle cx="16.6" cy="6.8" r="1.8" fill="#fff"/>' },
    election: { color: "#00695c", label: "Elections", glyph: '<rect x="6" y="10.2" width="10" height="6.6" rx="1" fill="#fff"/><path d="M8.6 10.2V5.6h4.8v4.6" stroke="#fff" stroke-width="1.4" fill="none"/><path d="M8.5 12.6h5" stroke="#00695c" stroke-width="1.3"/>' },
    other: { color: "#78909c", label: "Other event", glyph: '<circle cx="11" cy="11" r="3" fill="#fff"/>' },
  };

  function eventType(type) {
    if (EVENT_TYPES[type]) return EVENT_TYPES[type];
    return { color: EVENT_TYPES.other.color, label: type ? type.charAt(0).toUpperCase() + type.slice(1) : "Event", glyph: EVENT_TYPES.other.glyph };
  }

  function svg(w, hgt, body) {
    return '<svg xmlns="http://www.w3.org/2000/svg" width="' + w + '" height="' + hgt + '" viewBox="0 0 ' + w + " " + hgt + '" aria-hidden="true">' + body + "</svg>";
  }

  function pointSymbol(kind, approximate) {
    var dash = approximate ? ' stroke-dasharray="2.6 1.8"' : "";
    if (kind === "town") {
      return approximate
        ? svg(16, 16, '<circle cx="8" cy="8" r="5.5" fill="#fff" fill-opacity="0.85" stroke="' + COLORS.town + '" stroke-width="2"' + dash + "/>")
        : svg(16, 16, '<circle cx="8" cy="8" r="5.6" fill="' + COLORS.town + '" stroke="#fff" stroke-width="2"/>');
    }
    if (kind === "village") {
      return approximate
        ? svg(16, 16, '<path d="M8 1.8L14.2 8 8 14.2 1.8 8z" fill="#fff" fill-opacity="0.85" stroke="' + COLORS.village + '" stroke-width="1.9"' + dash + "/>")
        : svg(16, 16, '<path d="M8 1.5L14.5 8 8 14.5 1.5 8z" fill="' + COLORS.village + '" stroke="#fff" stroke-width="1.7"/>');
    }
    return svg(16, 16, '<rect x="3" y="3" width="10" height="10" fill="' + (approximate ? "#fff" : COLORS.point) + '" stroke="' + (approximate ? COLORS.point : "#fff") + '" stroke-width="1.8"' + dash + "/>");
  }

  function areaSymbol(kind) {
    var st = COLORS[kind] || COLORS.area;
    if (kind === "axis") return svg(22, 14, '<path d="M2 11C7 3 14 12 20 3" stroke="' + COLORS.axis + '" stroke-width="3.5" fill="none" stroke-linecap="round"/>');
    if (kind === "country") return svg(22, 14, '<rect x="2" y="2" width="18" height="10" fill="none" stroke="' + st.color + '" stroke-width="2"/>');
    var dash = kind === "cercle" ? ' stroke-dasharray="4 2"' : kind === "area" ? ' stroke-dasharray="1.5 2.5"' : "";
    return svg(22, 14, '<rect x="2" y="2" width="18" height="10" rx="1.5" fill="' + st.fill + '" fill-opacity="0.45" stroke="' + st.color + '" stroke-width="1.8"' + dash + "/>");
  }

  function placeSymbol(p) {
    if (p.shape) return areaSymbol(p.shape_type === "line" ? "axis" : p.kind);
    if (p.point && p.drawn) return pointSymbol(p.kind, p.approximate);
    return areaSymbol(p.kind);
  }

  var BASE_SVG = svg(24, 28,
    '<path d="M6 26V3" stroke="#fff" stroke-width="4" stroke-linecap="round"/>' +
    '<path d="M6 26V3" stroke="#263238" stroke-width="2" stroke-linecap="round"/>' +
    '<path d="M7 3.5l14 4.5-14 4.5z" fill="' + COLORS.base + '" stroke="#fff" stroke-width="1.4" stroke-linejoin="round"/>' +
    '<circle cx="6" cy="25.5" r="2.2" fill="#263238" stroke="#fff" stroke-width="1.2"/>');

  function eventSvg(type, undated) {
    var t = eventType(type);
    var ring = undated ? ' stroke-dasharray="3 2"' : "";
    return svg(22, 22, '<circle cx="11" cy="11" r="9.6" fill="' + t.color + '" stroke="#fff" stroke-width="1.8"' + ring + "/>" + t.glyph);
  }

  function opRingSvg(color) {
    return svg(22, 22, '<circle cx="11" cy="11" r="8" fill="none" stroke="' + color + '" stroke-width="3"/>');
  }

  function opSwatchSvg(i) {
    var c = OP_COLORS[i % OP_COLORS.length];
    return svg(22, 14, '<rect x="2" y="2" width="18" height="10" fill="url(#geo-hatch-' + (i % OP_COLORS.length) + ')" stroke="' + c + '" stroke-width="2.2"/>');
  }

  // Hatch patterns for operation areas, one per palette colour, in a hidden (but not
  // display:none, which would disable them) SVG that every path on the page can reference.
  function installHatches() {
    var ns = "http://www.w3.org/2000/svg";
    var root = document.createElementNS(ns, "svg");
    root.setAttribute("class", "geo-defs");
    root.setAttribute("width", "0");
    root.setAttribute("height", "0");
    root.setAttribute("aria-hidden", "true");
    var defs = document.createElementNS(ns, "defs");
    OP_COLORS.forEach(function (c, i) {
      var pat = document.createElementNS(ns, "pattern");
      pat.setAttribute("id", "geo-hatch-" + i);
      pat.setAttribute("patternUnits", "userSpaceOnUse");
      pat.setAttribute("width", "9");
      pat.setAttribute("height", "9");
      pat.setAttribute("patternTransform", "rotate(" + OP_ANGLES[i] + ")");
      var bg = document.createElementNS(ns, "rect");
      bg.setAttribute("width", "9");
      bg.setAttribute("height", "9");
      bg.setAttribute("fill", c);
      bg.setAttribute("fill-opacity", "0.06");
      var line = document.createElementNS(ns, "rect");
      line.setAttribute("width", "1.8");
      line.setAttribute("height", "9");
      line.setAttribute("fill", c);
      line.setAttribute("fill-opacity", "0.55");
      pat.appendChild(bg);
      pat.appendChild(line);
      defs.appendChild(pat);
    });
    root.appendChild(defs);
    document.body.appendChild(root);
  }

  // ------------------------------------------------------------------ popups (DOM only)

  function evidenceList(block) {
    var items = block.evidence.map(function (ev) {
      var quote = h("q", { class: "geo-quote" });
      var pos = 0;
      ev.marks.forEach(function (m) {
        if (m[0] < pos) return;
        quote.appendChild(document.createTextNode(ev.text.slice(pos, m[0])));
        quote.appendChild(h("mark", { text: ev.text.slice(m[0], m[1]) }));
        pos = m[1];
      });
      quote.appendChild(document.createTextNode(ev.text.slice(pos)));
      return h("li", null, [h("span", { class: "geo-para", title: "Paragraph number", text: "¶ " + ev.paragraph }), " ", quote]);
    });
    var nodes = [h("ol", { class: "geo-evidence" }, items)];
    if (block.more > 0) nodes.push(h("div", { class: "geo-more", text: "… and " + block.more + " more" }));
    return nodes;
  }

  function factsTable(rows) {
    return h("table", { class: "geo-facts" }, rows.filter(function (r) {
      return r[1] !== null && r[1] !== undefined && r[1] !== "";
    }).map(function (r) {
      return h("tr", null, [h("th", { text: r[0] }), h("td", { text: r[1] })]);
    }));
  }

  function head(kindText, title, sub, symbolSvg) {
    return h("div", { class: "geo-pop-head" }, [
      symbolSvg ? h("span", { class: "geo-pop-sym", svg: symbolSvg }) : null,
      h("div", null, [
        h("div", { class: "geo-pop-kind", text: kindText }),
        h("div", { class: "geo-pop-title", text: title }),
        sub ? h("div", { class: "geo-pop-sub", text: sub }) : null,
      ]),
    ]);
  }

  function placePopup(p) {
    var prec = p.precision ? p.precision + " — " + (DATA.precision_labels[String(p.precision)] || "?") : null;
    var conf = typeof p.confidence === "number" ? Math.round(p.confidence * 100) + " %" : null;
    var coords = p.point ? p.point[0].toFixed(4) + ", " + p.point[1].toFixed(4) : null;
    var zh = p.name_zh && p.name_zh !== p.name ? p.name_zh : "";
    // Where it is and how sure we are first, then the quotes, then where the data came from.
    return h("div", { class: "geo-popup" }, [
      head(kindLabel(p.kind) + (p.approximate ? " · approximate location" : ""), p.name || p.name_zh || p.key, zh ? "Chinese, as written: " + zh : "", placeSymbol(p)),
      p.approximate || p.note
        ? h("div", { class: p.approximate ? "geo-warn" : "geo-note" }, [
            p.approximate ? h("strong", { text: "Approximate: " }) : null,
            p.note || "not in the gazetteer; drawn at its parent unit.",
          ])
        : null,
      factsTable([
        ["Cercle", p.admin2],
        ["Region", p.admin1],
        ["Precision", prec],
        ["Confidence", conf],
      ]),
      h("div", { class: "geo-pop-section", text: "Mentioned " + plural(p.mentions, "time") + " in " + plural(p.sentences, "sentence") }),
    ].concat(evidenceList(p), relatedList(p), [
      h("div", { class: "geo-pop-section", text: "Source of the location" }),
      factsTable([
        ["Name (French)", p.name],
        ["Name (Chinese)", p.name_zh],
        ["Geocoder", p.geocoder],
        ["Gazetteer", p.source],
        ["GeoNames id", p.geonames_id],
        ["P-code", p.pcode],
        ["Coordinates", coords],
      ]),
    ]));
  }

  function relatedList(p) {
    var rel = RELATED[p.id];
    if (!rel || !rel.length) return [];
    return [h("div", { class: "geo-pop-section", text: "Also on the map here" }), h("ul", { class: "geo-related" }, rel.map(function (r) {
      return h("li", { text: r });
    }))];
  }

  function placesLine(ids) {
    return ids.map(function (i) {
      return placeName(DATA.places[i]);
    }).join("; ");
  }

  function opPopup(op, i) {
    return h("div", { class: "geo-popup" }, [
      head("Operation", op.name || op.name_local, op.name_local && op.name_local !== op.name ? "as written: " + op.name_local : "", opSwatchSvg(i)),
      factsTable([
        ["Actor", op.actor || "not stated"],
        ["Places", placesLine(op.places)],
      ]),
      h("div", { class: "geo-pop-section", text: "Source " + (op.sentences === 1 ? "sentence" : "sentences") }),
    ].concat(evidenceList(op)));
  }

  function basePopup(b) {
    var p = DATA.places[b.place];
    return h("div", { class: "geo-popup" }, [
      head("Temporary operating base", p ? placeName(p) : "(place not located)", null, BASE_SVG),
      factsTable([
        ["Date", b.date ? fmtDate(b.date) : "not stated"],
        ["As written", b.date_text],
        ["Place kind", p ? kindLabel(p.kind) + (p.approximate ? " (approximate location)" : "") : null],
      ]),
      h("div", { class: "geo-pop-section", text: "Source sentence" }),
    ].concat(evidenceList(b)));
  }

  function eventDateText(ev) {
    if (!ev.date) return "undated";
    return fmtDate(ev.date) + (ev.date_end && ev.date_end !== ev.date ? " – " + fmtDate(ev.date_end) : "");
  }

  function eventPopup(ev) {
    return h("div", { class: "geo-popup" }, [
      head(eventType(ev.type).label, ev.label, null, eventSvg(ev.type, !ev.date)),
      factsTable([
        ["Date", eventDateText(ev)],
        ["As written", ev.date_text],
        ["Places", placesLine(ev.places)],
      ]),
      h("div", { class: "geo-pop-section", text: "Source sentence" }),
    ].concat(evidenceList(ev)));
  }

  // Cross references shown in place popups ("Operation Buffalo", "Base", ...).
  var RELATED = {};
  function relate(ids, text) {
    ids.forEach(function (i) {
      (RELATED[i] = RELATED[i] || []).push(text);
    });
  }
  DATA.operations.forEach(function (op) {
    relate(op.places, "Operation " + (op.name || op.name_local) + (op.actor ? " (" + op.actor + ")" : ""));
  });
  DATA.bases.forEach(function (b) {
    if (b.place !== null) relate([b.place], "Temporary operating base" + (b.date ? ", " + fmtDate(b.date) : ""));
  });
  DATA.events.forEach(function (ev) {
    relate(ev.places, ev.label + " (" + eventDateText(ev) + ")"); // the label names the type
  });

  // Auto-pan keeps popups clear of the zoom buttons (top left) and the map edges.
  var POPUP_OPTS = { maxWidth: 380, minWidth: 240, maxHeight: 380, autoPanPaddingTopLeft: [56, 16], autoPanPaddingBottomRight: [20, 20] };

  // ------------------------------------------------------------------ map

  installHatches();
  var app = document.getElementById("geo-app");
  // The Leaflet map itself is created by folium (geo/render.py); DATA.map_var names it.
  var map = window[DATA.map_var];
  map.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>');
  DATA.attribution.forEach(function (a) {
    map.attributionControl.addAttribution(esc(a));
  });

  // Panes inside the overlay pane keep vector layers ordered: context < areas < operations < lines.
  var overlay = map.getPane("overlayPane");
  [["geo-context", 1], ["geo-areas", 2], ["geo-ops", 3], ["geo-lines", 4]].forEach(function (p) {
    map.createPane(p[0], overlay).style.zIndex = p[1];
  });
  map.createPane("geo-opmarks").style.zIndex = 590; // rings: above vectors, under place markers
  map.createPane("geo-labels").style.zIndex = 640; // names: over markers, under popups

  // Base layers. Until a tile actually loads the map keeps its offline look.
  var baseLayers = {};
  var tilesShowing = false;
  var activeBase = null;
  DATA.tiles.forEach(function (t, i) {
    var layer = L.tileLayer(t.url, {
      attribution: t.attribution,
      subdomains: t.subdomains,
      maxZoom: t.max_zoom,
      crossOrigin: false,
    });
    layer._geoLoaded = false;
    layer.on("tileload", function () {
      layer._geoLoaded = true;
      if (activeBase === layer) setTileLook(true);
    });
    baseLayers[esc(t.name)] = layer;
    if (i === 0) {
      layer.addTo(map);
      activeBase = layer;
    }
  });
  if (DATA.tiles.length) {
    var none = L.layerGroup();
    none._geoLoaded = false;
    baseLayers["No tiles (offline)"] = none;
  }
  map.on("baselayerchange", function (e) {
    activeBase = e.layer;
    setTileLook(!!e.layer._geoLoaded);
  });

  // ---- context: all regions (faint) and the country outline
  var contextGroup = L.featureGroup();
  var contextLayers = [];
  DATA.context.regions.forEach(function (r) {
    var layer = L.geoJSON(r.shape, { pane: "geo-context", style: contextStyle(false), interactive: true });
    layer.bindTooltip(function () {
      return h("span", { text: r.name }); // a string would be parsed as HTML
    }, { sticky: true, className: "geo-context-tip", direction: "top" });
    contextLayers.push(layer);
    contextGroup.addLayer(layer);
  });
  var outline = null;
  if (DATA.context.outline) {
    outline = L.geoJSON(DATA.context.outline, { pane: "geo-context", interactive: false, style: outlineStyle() });
    contextGroup.addLayer(outline);
  }
  contextGroup.addTo(map);

  function contextStyle(tiles) {
    return tiles
      ? { color: "#6f6553", weight: 0.8, opacity: 0.55, fillColor: "#ffffff", fillOpacity: 0.0, dashArray: "4 3" }
      : { color: "#b3a68c", weight: 1, opacity: 1, fillColor: "#f7f2e4", fillOpacity: 1 };
  }
  function outlineStyle() {
    return { color: "#5b5142", weight: 2.2, opacity: 0.9, fill: false };
  }
  function setTileLook(tiles) {
    if (tilesShowing === tiles && app.classList.contains("geo-styled")) return;
    tilesShowing = tiles;
    app.classList.add("geo-styled");
    app.classList.toggle("geo-tiles-on", tiles);
    contextLayers.forEach(function (l) {
      l.setStyle(contextStyle(tiles));
    });
  }
  setTileLook(false);

  // ---- places
  var kindGroups = {};
  var placeLayers = {}; // id -> main layer (for the side panel)
  DATA.kinds.forEach(function (k) {
    kindGroups[k] = L.featureGroup().addTo(map);
  });

  function areaStyle(kind) {
    var st = COLORS[kind] || COLORS.area;
    if (kind === "country") return { color: st.color, weight: 2.5, fill: false, dashArray: "8 4" };
    return {
      color: st.color,
      weight: kind === "region" ? 2.4 : 1.8,
      opacity: 0.95,
      fillColor: st.fill,
      fillOpacity: kind === "region" ? 0.16 : kind === "cercle" ? 0.28 : 0.18,
      dashArray: kind === "cercle" ? "6 3" : kind === "area" ? "2 4" : null,
    };
  }

  function labelNode(p) {
    // "Dioungani 村" adds little next to "Dioungani" on a crowded map; the popup shows it.
    var zh = p.name_zh && p.name && p.name_zh.indexOf(p.name) < 0 ? p.name_zh : !p.name ? p.name_zh : "";
    return h("span", { class: "geo-lbl-in" }, [h("span", { class: "geo-label-fr", text: p.name || zh }), zh && p.name ? h("span", { class: "geo-label-zh", text: zh }) : null]);
  }

  // Where a shape's name goes: the centre of its largest part (Leaflet's own centroid
  // helpers, which need no map view).
  function ringArea(ring) {
    var a = 0;
    for (var i = 0, j = ring.length - 1; i < ring.length; j = i++) a += (ring[j][0] + ring[i][0]) * (ring[j][1] - ring[i][1]);
    return Math.abs(a / 2);
  }
  function lineLength(line) {
    var d = 0;
    for (var i = 1; i < line.length; i++) d += Math.abs(line[i][0] - line[i - 1][0]) + Math.abs(line[i][1] - line[i - 1][1]);
    return d;
  }
  function toLatLngs(coords) {
    return coords.map(function (c) {
      return L.latLng(c[1], c[0]);
    });
  }
  function largest(parts, size) {
    return parts.reduce(function (best, part) {
      return size(part) > size(best) ? part : best;
    });
  }
  function labelPoint(p) {
    var g = p.shape;
    if (!g) return p.point;
    if (g.type === "Polygon") return L.PolyUtil.polygonCenter(toLatLngs(g.coordinates[0]), L.CRS.EPSG3857);
    if (g.type === "MultiPolygon") {
      var outer = largest(g.coordinates.map(function (poly) { return poly[0]; }), ringArea);
      return L.PolyUtil.polygonCenter(toLatLngs(outer), L.CRS.EPSG3857);
    }
    var line = g.type === "LineString" ? g.coordinates : largest(g.coordinates, lineLength);
    return L.LineUtil.polylineCenter(toLatLngs(line), L.CRS.EPSG3857);
  }

  // Names are plain markers in their own pane rather than Leaflet tooltips: tooltips
  // measure themselves on every zoom, which crawls with thousands of places.
  var placeLabels = {};
  function addLabel(p, group) {
    var at = labelPoint(p);
    if (!at) return;
    var where = !p.shape ? "geo-lbl-pt" : p.shape_type === "line" ? "geo-lbl-line" : "geo-lbl-area";
    var m = L.marker(at, {
      pane: "geo-labels",
      interactive: false,
      keyboard: false,
      icon: L.divIcon({ className: "geo-lbl " + where + " geo-label-" + p.kind, html: labelNode(p), iconSize: null }),
      zIndexOffset: p.kind === "region" ? -100000 : 0, // region names lie under the rest
    });
    placeLabels[p.id] = m;
    group.addLayer(m);
  }

  DATA.places.forEach(function (p) {
    var layer = null;
    if (p.shape) {
      var line = p.shape_type === "line";
      var style = line ? { color: COLORS.axis, weight: 4.5, opacity: 0.95, lineCap: "round" } : areaStyle(p.kind);
      // L.geoJSON wraps one geometry in a group; keep the single inner layer.
      layer = L.geoJSON(p.shape, { pane: line ? "geo-lines" : "geo-areas", style: style }).getLayers()[0];
    } else if (p.point && p.drawn) {
      layer = L.marker(p.point, {
        icon: L.divIcon({ className: "geo-pt geo-pt-" + p.kind + (p.approximate ? " geo-approx" : ""), html: pointSymbol(p.kind, p.approximate), iconSize: [16, 16], iconAnchor: [8, 8] }),
        title: p.name,
        keyboard: true,
        riseOnHover: true,
        zIndexOffset: 1000, // over the foot of a base flag or an event badge at the same spot
      });
    }
    if (!layer) return;
    layer.bindPopup(function () {
      return placePopup(p);
    }, POPUP_OPTS);
    placeLayers[p.id] = layer;
    kindGroups[p.kind].addLayer(layer);
    if (p.kind !== "country") addLabel(p, kindGroups[p.kind]);
  });

  // ---- operations: each its own layer, drawn over the places it covers
  var opGroups = [];
  var ringsAt = {}; // place id -> rings already drawn there (so rings of several ops nest)
  DATA.operations.forEach(function (op, i) {
    var color = OP_COLORS[i % OP_COLORS.length];
    var group = L.featureGroup();
    op.places.forEach(function (pid) {
      var p = DATA.places[pid];
      var layer = null;
      if (p.shape && p.shape_type === "polygon") {
        layer = L.geoJSON(p.shape, {
          pane: "geo-ops",
          style: { color: color, weight: 3, opacity: 0.95, fillColor: "url(#geo-hatch-" + (i % OP_COLORS.length) + ")", fillOpacity: 1, className: "geo-op-shape" },
        }).getLayers()[0];
      } else if (p.shape && p.shape_type === "line") {
        layer = L.geoJSON(p.shape, { pane: "geo-ops", style: { color: color, weight: 12, opacity: 0.55, lineCap: "round", lineJoin: "round" } }).getLayers()[0];
      } else if (p.anchor) {
        var n = (ringsAt[pid] = (ringsAt[pid] || 0) + 1);
        layer = L.circleMarker(p.anchor, { pane: "geo-opmarks", radius: 9 + 4 * n, color: color, weight: 3, opacity: 0.95, fill: false });
      }
      if (!layer) return;
      layer.bindPopup(function () {
        return opPopup(op, i);
      }, POPUP_OPTS);
      group.addLayer(layer);
    });
    group.addTo(map);
    opGroups.push(group);
  });

  // ---- bases
  var baseGroup = L.featureGroup();
  var baseMarkers = [];
  DATA.bases.forEach(function (b) {
    var p = b.place !== null ? DATA.places[b.place] : null;
    if (!p || !p.anchor) {
      baseMarkers.push(null);
      return;
    }
    var m = L.marker(p.anchor, {
      icon: L.divIcon({ className: "geo-base", html: BASE_SVG, iconSize: [24, 28], iconAnchor: [6, 27], popupAnchor: [6, -26] }),
      title: "Temporary operating base: " + p.name,
      zIndexOffset: 500,
    });
    m.bindPopup(function () {
      return basePopup(b);
    }, POPUP_OPTS);
    baseGroup.addLayer(m);
    baseMarkers.push(m);
  });
  if (DATA.bases.length) baseGroup.addTo(map);

  // ---- events: badges beside their place. Up to MAX_BADGES sit in a row; more than that
  // at one place become a single "stack" badge (a ring coloured by type, with the count)
  // whose popup lists them all. Redrawn whenever the timeline filter changes.
  var MAX_BADGES = 3;
  var eventGroup = L.featureGroup();
  var eventVisible = DATA.events.map(function () { return true; });
  var eventMarker = []; // event index -> the marker that shows it (at its first located place)

  function badgeIcon(ev, k) {
    return L.divIcon({
      className: "geo-event geo-event-" + (EVENT_TYPES[ev.type] ? ev.type : "other"),
      html: eventSvg(ev.type, !ev.date),
      iconSize: [22, 22],
      iconAnchor: [27 + 24 * k, -3], // below left of the place, clear of its label and base flag
      popupAnchor: [-16 - 24 * k, 3],
    });
  }

  function stackSvg(list) {
    var n = list.length, r = 10, c = 2 * Math.PI * r, off = 0, body = "";
    list.forEach(function (i) {
      var len = c / n;
      body += '<circle cx="13" cy="13" r="' + r + '" fill="none" stroke="' + eventType(DATA.events[i].type).color + '" stroke-width="5" stroke-dasharray="' + len.toFixed(2) + " " + (c - len).toFixed(2) + '" stroke-dashoffset="' + (-off).toFixed(2) + '" transform="rotate(-90 13 13)"/>';
      off += len;
    });
    return svg(26, 26, '<circle cx="13" cy="13" r="12.5" fill="#fff"/>' + body + '<text x="13" y="17" text-anchor="middle" font-size="11" font-weight="700" fill="#263238" font-family="system-ui, sans-serif">' + n + "</text>");
  }

  function stackPopup(c) {
    var items = c.events.map(function (i) {
      var ev = DATA.events[i];
      return h("li", { class: "geo-stack-item" }, [
        h("div", { class: "geo-stack-head" }, [
          h("span", { class: "geo-pop-sym", svg: eventSvg(ev.type, !ev.date) }),
          h("div", null, [
            h("div", { class: "geo-pop-kind", text: eventType(ev.type).label + " · " + eventDateText(ev) }),
            h("div", { class: "geo-stack-label", text: ev.label }),
            h("div", { class: "geo-pop-sub", text: placesLine(ev.places) }),
          ]),
        ]),
      ].concat(evidenceList(ev)));
    });
    var where = c.places.map(function (pl) { return placeName(DATA.places[pl.id]); }).join("; ");
    return h("div", { class: "geo-popup" }, [
      head(plural(c.events.length, "event") + " here — zoom in to separate them", where, null, stackSvg(c.events)),
      h("ol", { class: "geo-stack" }, items),
    ]);
  }

  // Places whose anchors fall within CLUSTER_PX of each other on screen pool their events:
  // if the pool holds more than MAX_BADGES events they become one stack, which splits up
  // again as the map zooms in.
  var CLUSTER_PX = 40;
  var eventLayoutKey = null;

  function eventClusters() {
    var at = {}, order = [];
    DATA.events.forEach(function (ev, i) {
      if (!eventVisible[i]) return;
      ev.places.forEach(function (pid) {
        if (!DATA.places[pid].anchor) return;
        if (!at[pid]) {
          at[pid] = [];
          order.push(pid);
        }
        at[pid].push(i);
      });
    });
    // Busiest places first, so a cluster sits on the place with the most events.
    order.sort(function (a, b) {
      return at[b].length - at[a].length || a - b;
    });
    var clusters = [];
    order.forEach(function (pid) {
      var pt = map.project(DATA.places[pid].anchor, map.getZoom());
      var home = null;
      clusters.some(function (c) {
        if (c.pt.distanceTo(pt) <= CLUSTER_PX) home = c;
        return home !== null;
      });
      if (!home) clusters.push((home = { pt: pt, places: [] }));
      home.places.push({ id: pid, events: at[pid] });
    });
    clusters.forEach(function (c) {
      var seen = {};
      c.events = [];
      c.places.forEach(function (pl) {
        pl.events.forEach(function (i) {
          if (!seen[i]) c.events.push(i);
          seen[i] = true;
        });
      });
    });
    return clusters;
  }

  function drawEvents(force) {
    if (!map._loaded) return; // clustering needs a view; the first draw follows the initial fit
    var clusters = eventClusters();
    var key = JSON.stringify(clusters.map(function (c) {
      return c.events.length > MAX_BADGES ? [c.places[0].id, c.events] : c.places.map(function (pl) { return [pl.id, pl.events]; });
    }));
    if (!force && key === eventLayoutKey) return; // nothing moved: keep markers (and open popups)
    eventLayoutKey = key;
    eventGroup.clearLayers();
    eventMarker = DATA.events.map(function () { return null; });
    clusters.forEach(function (c) {
      if (c.events.length <= MAX_BADGES) {
        c.places.forEach(function (pl) {
          var p = DATA.places[pl.id];
          pl.events.forEach(function (i, k) {
            var ev = DATA.events[i];
            var m = L.marker(p.anchor, { icon: badgeIcon(ev, k), title: ev.label, zIndexOffset: 400 });
            m.bindPopup(function () {
              return eventPopup(ev);
            }, POPUP_OPTS);
            eventGroup.addLayer(m);
            if (!eventMarker[i]) eventMarker[i] = m;
          });
        });
        return;
      }
      var p = DATA.places[c.places[0].id];
      var names = c.places.map(function (pl) { return DATA.places[pl.id].name; }).join(", ");
      var m = L.marker(p.anchor, {
        icon: L.divIcon({ className: "geo-event geo-event-stack", html: stackSvg(c.events), iconSize: [26, 26], iconAnchor: [29, -1], popupAnchor: [-16, 1] }),
        title: plural(c.events.length, "event") + ": " + names,
        zIndexOffset: 400,
      });
      m.bindPopup(function () {
        return stackPopup(c);
      }, POPUP_OPTS);
      eventGroup.addLayer(m);
      c.events.forEach(function (i) {
        if (!eventMarker[i]) eventMarker[i] = m;
      });
    });
  }
  map.on("zoomend", function () {
    drawEvents(false);
  });
  if (DATA.events.length) eventGroup.addTo(map);

  // ------------------------------------------------------------------ controls

  var KIND_PLURALS = { country: "Country", area: "Areas", region: "Regions", cercle: "Cercles", axis: "Axes (roads)", town: "Towns", village: "Villages" };
  var overlays = {};
  overlays["Mali regions (context)"] = contextGroup;
  DATA.kinds.forEach(function (k) {
    if (kindGroups[k].getLayers().length) overlays[esc(KIND_PLURALS[k] || kindLabel(k))] = kindGroups[k];
  });
  DATA.operations.forEach(function (op, i) {
    var label = "Operation " + (op.name || op.name_local) + (op.name_local && op.name_local !== op.name ? " (" + op.name_local + ")" : "");
    overlays['<span class="geo-swatch" style="border-color:' + OP_COLORS[i % OP_COLORS.length] + '"></span>' + esc(label)] = opGroups[i];
  });
  if (DATA.bases.length) overlays["Temporary operating bases"] = baseGroup;
  if (DATA.events.length) overlays["Events"] = eventGroup;
  L.control.layers(DATA.tiles.length ? baseLayers : {}, overlays, { collapsed: true, position: "topright" }).addTo(map);
  L.control.scale({ imperial: false, position: "bottomleft" }).addTo(map);

  // Fullscreen: the whole app (panel included), via the Fullscreen API.
  var FullscreenControl = L.Control.extend({
    options: { position: "topleft" },
    onAdd: function () {
      var bar = h("div", { class: "leaflet-bar geo-fs" });
      var btn = h("a", { href: "#", role: "button", title: "Full screen", "aria-label": "Full screen", svg: svg(18, 18, '<path d="M3 7V3h4M11 3h4v4M15 11v4h-4M7 15H3v-4" stroke="#333" stroke-width="2" fill="none"/>') });
      if (document.fullscreenEnabled) bar.appendChild(btn);
      var home = h("a", { href: "#", role: "button", title: "Show all places", "aria-label": "Show all places", svg: svg(18, 18, '<path d="M3 9l6-5.5L15 9M5 8v6.5h8V8" stroke="#333" stroke-width="1.8" fill="none" stroke-linejoin="round"/>') });
      bar.appendChild(home);
      L.DomEvent.on(home, "click", function (e) {
        L.DomEvent.preventDefault(e);
        map.closePopup();
        fitAll(true);
      });
      L.DomEvent.disableClickPropagation(bar);
      L.DomEvent.on(btn, "click", function (e) {
        L.DomEvent.preventDefault(e);
        if (document.fullscreenElement) document.exitFullscreen();
        else if (app.requestFullscreen) app.requestFullscreen();
      });
      document.addEventListener("fullscreenchange", function () {
        var on = !!document.fullscreenElement;
        btn.title = on ? "Exit full screen" : "Full screen";
        btn.setAttribute("aria-label", btn.title);
        app.classList.toggle("geo-fullscreen", on);
        map.invalidateSize();
      });
      return bar;
    },
  });
  new FullscreenControl().addTo(map);

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

  // ---- timeline: month buckets, "up to" (cumulative) or "only this month"
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
      h("span", { class: "geo-item-text" }, [h("span", { class: "geo-item-main", text: main }), sub ? h("span", { class: "geo-item-sub", text: sub }) : null]),
      extra ? h("span", { class: "geo-item-extra", text: extra }) : null,
    ]);
    btn.addEventListener("click", function (e) {
      onClick(e);
      // On a phone the panel covers the map: get out of the way to show the place.
      if (window.innerWidth < 760 && btn.closest(".geo-list") && !btn.closest(".geo-unmapped")) setPanel(false);
    });
    return h("li", null, [btn]);
  }

  function section(title, count, children, open) {
    var summary = h("summary", null, [title, count === "" ? null : h("span", { class: "geo-count", text: String(count) })]);
    return h("details", { class: "geo-section", open: open ? "open" : null }, [summary].concat(children));
  }

  function buildPanel() {
    var panel = document.getElementById("geo-panel");
    panel.appendChild(h("div", { class: "geo-hint geo-intro", text: "Click a name to show it on the map. Popups quote the sentences of the document that name the place, with their paragraph numbers (¶)." }));
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
        return item(BASE_SVG, p ? placeName(p) : "(not located)", b.date ? fmtDate(b.date) : b.date_text || "date not stated", null, function () {
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

  // ---- label layout: hide a label that would cover a symbol or a more important label.
  // Region names come last and, when no spot is free, stay visible underneath the rest
  // (faint capitals, see CSS) since a region is too big to lose its name.
  var LABEL_RANK = { town: 0, cercle: 1, axis: 2, village: 3, area: 4, region: 9 };
  var labelled = DATA.places.filter(function (p) {
    return placeLabels[p.id];
  }).sort(function (a, b) {
    var ra = LABEL_RANK[a.kind] === undefined ? 4 : LABEL_RANK[a.kind];
    var rb = LABEL_RANK[b.kind] === undefined ? 4 : LABEL_RANK[b.kind];
    return ra - rb || (a.approximate ? 1 : 0) - (b.approximate ? 1 : 0) || b.mentions - a.mentions || a.id - b.id;
  });
  // Rectangles already taken, bucketed in a coarse grid so thousands of labels stay cheap.
  var CELL = 80;
  function Grid() {
    this.cells = {};
  }
  Grid.prototype.each = function (r, fn) {
    for (var x = Math.floor(r[0] / CELL); x <= Math.floor(r[2] / CELL); x++) {
      for (var y = Math.floor(r[1] / CELL); y <= Math.floor(r[3] / CELL); y++) {
        if (fn(x + ":" + y)) return true;
      }
    }
    return false;
  };
  Grid.prototype.add = function (r) {
    var cells = this.cells;
    this.each(r, function (k) {
      (cells[k] = cells[k] || []).push(r);
    });
  };
  Grid.prototype.hits = function (r) {
    var cells = this.cells;
    return this.each(r, function (k) {
      return (cells[k] || []).some(function (t) {
        return r[0] < t[2] && t[0] < r[2] && r[1] < t[3] && t[1] < r[3];
      });
    });
  };
  function box(el, inset) {
    var r = el.getBoundingClientRect();
    return [r.left + inset, r.top + inset, r.right - inset, r.bottom - inset];
  }

  var layoutPending = false;
  function layoutLabels() {
    // Batched so the browser lays the page out once: reset (write), measure (read),
    // place in memory, then apply (write). Nudges use left/top, which Leaflet leaves alone.
    layoutPending = false;
    var items = [];
    labelled.forEach(function (p) {
      var marker = placeLabels[p.id];
      var el = map.hasLayer(marker) && marker.getElement() && marker.getElement().firstChild;
      if (!el) return;
      el.style.left = "";
      el.style.top = "";
      items.push({ p: p, el: el, box: marker.getElement() });
    });
    var taken = new Grid();
    map.getContainer().querySelectorAll(".leaflet-marker-icon:not(.geo-lbl)").forEach(function (el) {
      var r = box(el, 3);
      // A base flag only blocks its pennant (top right of the icon), not the pole's box.
      if (el.classList.contains("geo-base")) r = [r[0] + 3, r[1], r[2], r[1] + 10];
      taken.add(r);
    });
    items.forEach(function (it) {
      it.r = box(it.el, 1);
    });
    items.forEach(function (it) {
      var w = it.r[2] - it.r[0];
      // Small nudges only: a name pushed far from its shape would point at the wrong place.
      var spots = it.p.shape ? [[0, 0], [0, -22], [0, 22]] : [[0, 0], [0, -12], [0, 12], [-(w + 26), 0]];
      it.spot = null;
      spots.some(function (d) {
        var r = [it.r[0] + d[0], it.r[1] + d[1], it.r[2] + d[0], it.r[3] + d[1]];
        if (taken.hits(r)) return false;
        taken.add(r);
        it.spot = d;
        return true;
      });
    });
    items.forEach(function (it) {
      var d = it.spot || [0, 0];
      if (d[0]) it.el.style.left = d[0] + "px";
      if (d[1]) it.el.style.top = d[1] + "px";
      it.box.classList.toggle("geo-label-hidden", !it.spot && it.p.kind !== "region");
    });
  }
  function scheduleLayout() {
    if (layoutPending) return;
    layoutPending = true;
    (window.requestAnimationFrame || setTimeout)(layoutLabels);
  }
  map.on("zoomend overlayadd overlayremove resize", scheduleLayout);
  eventGroup.on("layeradd layerremove", scheduleLayout);

  // ---- initial view: fit the places, keeping them clear of the controls over the map
  function fitPadding() {
    // The timeline and scale sit bottom-left over the map; keep the places above them.
    var size = map.getSize();
    var bl = map.getContainer().querySelector(".leaflet-bottom.leaflet-left");
    var bottom = Math.min((bl ? bl.offsetHeight : 0) + 10, size.y * 0.3);
    return { paddingTopLeft: [50, 30], paddingBottomRight: [40, bottom] };
  }
  function fitAll(animate) {
    var opts = L.extend({ maxZoom: 10, animate: !!animate && !REDUCED_MOTION }, fitPadding());
    if (DATA.bounds) map.fitBounds(DATA.bounds, opts);
    else map.fitWorld();
  }
  fitAll(false);
  drawEvents(true);
  layoutLabels();

  // A hook for tests and for people poking at the page from the console.
  window.geoMap = { map: map, places: placeLayers, labels: placeLabels, operations: opGroups, bases: baseMarkers, events: function () {
      return eventMarker;
    }, timeline: timeline };
})();
