/* layers: the Leaflet map's panes, base layers, context, places, operations, bases,
 * event badges and the map controls. */

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

// Base layers (tiles.js): the offline look until a tile loads, the fallback when none does.
var tilesShowing = false;
var baseLayers = makeBaseLayers(map, setTileLook);

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

var KIND_PLURALS = VOCAB.kind_plurals;
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
