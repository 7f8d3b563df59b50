/* symbols: our own SVG markup for places, operations, bases and events (no document text). */

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
  attack: { color: "#c62828", glyph: '<path d="M11 4.2l1.7 4.3 4.4-1.4-2.5 3.9 2.5 3.9-4.4-1.4L11 17.8l-1.7-4.3-4.4 1.4 2.5-3.9-2.5-3.9 4.4 1.4z" fill="#fff"/>' },
  handover: { color: "#00838f", glyph: '<path d="M6 9h9m-2.6-2.6L15 9l-2.6 2.6M16 13.5H7m2.6-2.6L7 13.5l2.6 2.6" stroke="#fff" stroke-width="1.7" fill="none" stroke-linecap="round" stroke-linejoin="round"/>' },
  inspection: { color: "#1565c0", glyph: '<circle cx="10" cy="10" r="3.6" stroke="#fff" stroke-width="1.8" fill="none"/><path d="M12.7 12.7l3.6 3.6" stroke="#fff" stroke-width="2" stroke-linecap="round"/>' },
  reinforcement: { color: "#2e7d32", glyph: '<path d="M11 5.2l5 1.9v3.6c0 3-2.2 5.1-5 6.1-2.8-1-5-3.1-5-6.1V7.1z" fill="#fff"/><path d="M11 8v5.6M8.2 10.8h5.6" stroke="#2e7d32" stroke-width="1.6"/>' },
  "return": { color: "#ef6c00", glyph: '<path d="M5.8 11.2L11 6.6l5.2 4.6M7.6 10v6.2h6.8V10" stroke="#fff" stroke-width="1.7" fill="none" stroke-linejoin="round"/>' },
  base: { color: "#0b5fa5", glyph: '<path d="M8 16.5V5.5" stroke="#fff" stroke-width="1.6" stroke-linecap="round"/><path d="M8.8 5.8l6.6 2.5-6.6 2.5z" fill="#fff"/>' },
  mediation: { color: "#5e35b1", glyph: '<path d="M5.7 6.3h7.4c.7 0 1.2.5 1.2 1.2v3.6c0 .7-.5 1.2-1.2 1.2H9.2l-2.7 2v-2h-.8c-.7 0-1.2-.5-1.2-1.2V7.5c0-.7.5-1.2 1.2-1.2z" fill="#fff"/><path d="M15.6 9.3h.9c.6 0 1 .4 1 1v3c0 .6-.4 1-1 1h-.5v1.6l-2.1-1.6h-2.1" stroke="#fff" stroke-width="1.2" fill="none" stroke-linejoin="round"/>' },
  operation: { color: "#37474f", glyph: '<path d="M5.5 15.8c2-4 4.5 0 6.5-3.5s3-4 4.5-5" stroke="#fff" stroke-width="1.7" fill="none" stroke-dasharray="2.2 1.8" stroke-linecap="round"/><circle cx="16.6" cy="6.8" r="1.8" fill="#fff"/>' },
  election: { color: "#00695c", glyph: '<rect x="6" y="10.2" width="10" height="6.6" rx="1" fill="#fff"/><path d="M8.6 10.2V5.6h4.8v4.6" stroke="#fff" stroke-width="1.4" fill="none"/><path d="M8.5 12.6h5" stroke="#00695c" stroke-width="1.3"/>' },
  airstrike: { color: "#6a1b9a", glyph: '<path d="M11 4.5l1.3 4.2 4.4.6-3.5 2.4.9 4.3L11 13.6l-3.1 2.4.9-4.3-3.5-2.4 4.4-.6z" fill="#fff"/><path d="M11 17.5v-2" stroke="#fff" stroke-width="1.6"/>' },
  clash: { color: "#ad1457", glyph: '<path d="M6 6l10 10M16 6L6 16" stroke="#fff" stroke-width="2.2" stroke-linecap="round"/>' },
  kidnapping: { color: "#4e342e", glyph: '<circle cx="11" cy="8.2" r="2.6" fill="#fff"/><path d="M6.5 16.5c.6-3 2.3-4.4 4.5-4.4s3.9 1.4 4.5 4.4" fill="#fff"/><path d="M5 5l12 12" stroke="#4e342e" stroke-width="1.6"/>' },
  arrest: { color: "#455a64", glyph: '<circle cx="8" cy="11" r="3" stroke="#fff" stroke-width="1.7" fill="none"/><circle cx="14" cy="11" r="3" stroke="#fff" stroke-width="1.7" fill="none"/>' },
  displacement: { color: "#f9a825", glyph: '<path d="M5.5 11h9m-3-3.2l3.2 3.2-3.2 3.2" stroke="#fff" stroke-width="1.9" fill="none" stroke-linecap="round" stroke-linejoin="round"/>' },
  aid: { color: "#2e7d32", glyph: '<path d="M9.3 5.5h3.4v3.8h3.8v3.4h-3.8v3.8H9.3v-3.8H5.5V9.3h3.8z" fill="#fff"/>' },
  other: { color: "#78909c", glyph: '<circle cx="11" cy="11" r="3" fill="#fff"/>' },
};

// Labels come from geo/vocabulary.py (payload); colours and glyphs are the map's own.
Object.keys(VOCAB.event_types).forEach(function (t) {
  EVENT_TYPES[t] = EVENT_TYPES[t] || { color: EVENT_TYPES.other.color, glyph: EVENT_TYPES.other.glyph };
  EVENT_TYPES[t].label = VOCAB.event_types[t];
});

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


function stackSvg(list) {
  var n = list.length, r = 10, c = 2 * Math.PI * r, off = 0, body = "";
  list.forEach(function (i) {
    var len = c / n;
    body += '<circle cx="13" cy="13" r="' + r + '" fill="none" stroke="' + eventType(DATA.events[i].type).color + '" stroke-width="5" stroke-dasharray="' + len.toFixed(2) + " " + (c - len).toFixed(2) + '" stroke-dashoffset="' + (-off).toFixed(2) + '" transform="rotate(-90 13 13)"/>';
    off += len;
  });
  return svg(26, 26, '<circle cx="13" cy="13" r="12.5" fill="#fff"/>' + body + '<text x="13" y="17" text-anchor="middle" font-size="11" font-weight="700" fill="#263238" font-family="system-ui, sans-serif">' + n + "</text>");
}
