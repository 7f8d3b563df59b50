/* tiles: the base layers and the faint context under them, shared by the one-document map
 * (layers.js) and the corpus map (corpus.js). */

// Until a tile actually loads the map keeps its offline look. The first tile layer is tried
// at start; if none of its first tiles loads (no network), the map falls back once to the
// vector layers alone, and the tiles stay one click away in the layer control.
// setLook(tiles) restyles the page for tiles shown or not; returns the layers by label.
function makeBaseLayers(map, setLook) {
  var layers = {};
  var activeBase = null;
  var none = null;
  var tileFallback = DATA.tiles.length > 0; // armed until the first base layer has answered
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
      tileFallback = false;
      if (activeBase === layer) setLook(true);
    });
    // "load" follows the last tile of the view, loaded or failed.
    layer.on("load", function () {
      if (!tileFallback || layer._geoLoaded || activeBase !== layer) return;
      tileFallback = false;
      // Next tick: Leaflet still uses the layer's map right after firing "load".
      setTimeout(function () {
        if (activeBase !== layer) return;
        map.removeLayer(layer);
        map.addLayer(none);
      }, 0);
    });
    layers[esc(t.name)] = layer;
    if (i === 0) {
      layer.addTo(map);
      activeBase = layer;
    }
  });
  if (DATA.tiles.length) {
    none = L.layerGroup();
    none._geoLoaded = false;
    layers["No tiles (vector layers only)"] = none;
  }
  map.on("baselayerchange", function (e) {
    activeBase = e.layer;
    if (e.layer !== none) tileFallback = false; // the user chose tiles: keep them
    setLook(!!e.layer._geoLoaded);
  });
  return layers;
}

// Regions and the country outline: filled like paper without tiles, faint lines over tiles.
function contextStyle(tiles) {
  return tiles
    ? { color: "#6f6553", weight: 0.8, opacity: 0.55, fillColor: "#ffffff", fillOpacity: 0.0, dashArray: "4 3" }
    : { color: "#b3a68c", weight: 1, opacity: 1, fillColor: "#f7f2e4", fillOpacity: 1 };
}
function outlineStyle() {
  return { color: "#5b5142", weight: 2.2, opacity: 0.9, fill: false };
}
