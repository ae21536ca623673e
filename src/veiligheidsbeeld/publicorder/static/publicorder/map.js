/* Public-order map: camera areas, demonstration routes, event sites and tension signals per wijk (Leaflet). */
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  var element = document.getElementById("po-kaart");
  var list = document.getElementById("po-list");
  if (!element || typeof L === "undefined") { return; }
  var colours = { camera: "#1a5a96", demonstration: "#b91c1c", event: "#047857", signals: "#a16207" };
  var map = L.map(element, { scrollWheelZoom: false });
  var basemap = element.getAttribute("data-basemap-url");
  if (basemap) {
    L.tileLayer(basemap, { attribution: element.getAttribute("data-basemap-attribution") || "", maxZoom: 19 }).addTo(map);
  }
  fetch(element.getAttribute("data-po-geojson-url"), { credentials: "same-origin" })
    .then(function (response) { return response.json(); })
    .then(function (collection) {
      var layer = L.geoJSON(collection, {
        style: function (feature) {
          var layerName = feature.properties.layer;
          return { color: colours[layerName], weight: layerName === "demonstration" ? 4 : 2,
                   fillOpacity: layerName === "signals" ? 0.15 : 0.3 };
        },
        pointToLayer: function (feature, latlng) {
          return L.circleMarker(latlng, { radius: 8, color: colours[feature.properties.layer] });
        },
        onEachFeature: function (feature, shape) { shape.bindTooltip(feature.properties.label); }
      }).addTo(map);
      if (collection.features.length) { map.fitBounds(layer.getBounds(), { padding: [20, 20] }); }
      else { map.setView([53.2, 6.57], 12); }
      collection.features.forEach(function (feature) {
        var item = document.createElement("li");
        item.textContent = feature.properties.label;
        list.appendChild(item);
      });
      if (!collection.features.length) {
        var empty = document.createElement("li");
        empty.textContent = list.getAttribute("data-empty");
        list.appendChild(empty);
      }
    });
});
