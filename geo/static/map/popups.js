/* popups: DOM for place, operation, base and event popups, and their cross references. */

function evidenceList(block) {
  var items = block.evidence.map(function (ev) {
    var quote = h("q", { class: "geo-quote", lang: documentLanguage() });
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
    var value = typeof r[1] === "object" ? h("td", null, [r[1]]) : h("td", { text: r[1] });
    return h("tr", null, [h("th", { text: r[0] }), value]);
  }));
}

// The corpus map has no single document, hence no language to declare.
function documentLanguage() {
  return (DATA.document && DATA.document.language) || null;
}

// Words quoted from the document, in its language (the interface around them is English).
function documentQuote(text) {
  return h("q", { class: "geo-doc-quote", lang: documentLanguage(), text: text });
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
  var prec = p.precision ? p.precision + " — " + (VOCAB.precision_labels[String(p.precision)] || "?") : null;
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
      ["Date", baseDateLabel(b)],
      ["As written", b.date_text ? documentQuote(b.date_text) : null],
      ["Place kind", p ? kindLabel(p.kind) + (p.approximate ? " (approximate location)" : "") : null],
    ]),
    h("div", { class: "geo-pop-section", text: "Source sentence" }),
  ].concat(evidenceList(b)));
}

function baseDateLabel(b) {
  return b.date ? fmtDate(b.date) : b.date_text ? "no calendar date" : "not stated";
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
      ["As written", ev.date_text ? documentQuote(ev.date_text) : null],
      ["Actor", ev.actor || "not stated"],
      ["Places", placesLine(ev.places)],
      ["Inferred", ev.note || null],
    ]),
    h("div", { class: "geo-pop-section", text: "What the text says" }),
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
