/* core: the page payload and small DOM/text helpers shared by every module. */

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
  if (p.length === 1) return p[0];
  var m = MONTHS[parseInt(p[1], 10) - 1] || p[1];
  var y = p[0] === "XXXX" ? "" : " " + p[0]; // the text gave no year
  return p.length > 2 ? parseInt(p[2], 10) + " " + m + y : m + y;
}

function fmtMonth(ym) {
  return fmtDate(ym.slice(0, 7));
}

function plural(n, one, many) {
  return n + " " + (n === 1 ? one : many || one + "s");
}

// Labels of kinds, precisions and event types: geo/vocabulary.py, through the payload.
var VOCAB = DATA.vocabulary;

function kindLabel(kind) {
  return VOCAB.kind_labels[kind] || kind || "Place";
}

function placeName(p) {
  return p.name_zh && p.name_zh !== p.name ? p.name + " · " + p.name_zh : p.name || p.name_zh || p.key;
}
