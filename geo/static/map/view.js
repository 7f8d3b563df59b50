/* view: label layout (no label covers a symbol or a more important label), the first
 * view and the hook for tests. */

// ---- label layout: hide a label that would cover a symbol or a more important label.
// Region names come last; a region is big, so its name may move further inside it to find
// a free spot, and is hidden (the panel and popups still name it) when there is none.
var REGION_SPOTS = [[0, 0], [0, -24], [0, 24], [0, -48], [0, 48], [-70, 0], [70, 0], [-70, -36], [70, 36]];
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
    it.r = box(it.el, 0);
  });
  items.forEach(function (it) {
    var w = it.r[2] - it.r[0];
    // Small nudges only: a name pushed far from its shape would point at the wrong place.
    var spots = it.p.kind === "region" ? REGION_SPOTS : it.p.shape ? [[0, 0], [0, -22], [0, 22]] : [[0, 0], [0, -12], [0, 12], [-(w + 26), 0]];
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
    it.box.classList.toggle("geo-label-hidden", !it.spot);
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
var FOLD_TIMELINE_ABOVE = 0.17; // share of the map's height the open timeline may take
function fitPadding() {
  // The timeline and scale sit bottom-left over the map: keep the places above them, folding
  // the timeline first when it is tall for this map. The buttons sit in the top corners.
  var size = map.getSize();
  var bl = map.getContainer().querySelector(".leaflet-bottom.leaflet-left");
  var timelineBox = bl && bl.querySelector("details.geo-timeline");
  if (timelineBox && timelineBox.open && bl.offsetHeight > size.y * FOLD_TIMELINE_ABOVE) {
    timelineBox.open = false;
  }
  var bottom = (bl ? bl.offsetHeight : 0) + 10;
  return { paddingTopLeft: [56, 56], paddingBottomRight: [56, bottom] };
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
