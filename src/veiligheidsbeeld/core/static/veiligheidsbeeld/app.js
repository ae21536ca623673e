/*
 * Veiligheidsbeeld browser behaviour, found through classes and data attributes (no inline scripts).
 *
 * Load after the vendored libraries, all with `defer` and in this order:
 *   vendor/htmx/htmx.min.js
 *   vendor/leaflet/leaflet.js                                              (pages with a map)
 *   vendor/vega/vega.min.js, vendor/vega-lite/vega-lite.min.js,
 *   vendor/vega-embed/vega-embed.min.js                                    (pages with a chart)
 *   veiligheidsbeeld/app.js
 *
 * Works under the CSP `script-src 'self'; style-src 'self'` (no 'unsafe-eval', no 'unsafe-inline'):
 * Vega expressions run in vega-embed's bundled interpreter (`ast: true`), and neither htmx, vega-embed nor
 * vega-tooltip inserts a <style> element (their styles live in app.css).
 *
 * Behaviour:
 *   .vb-map[data-geojson-url]   choropleth from a GeoJSON FeatureCollection with top-level `title` and
 *                               `legend` [{class, label, color}] and per feature `code`, `name`, `value`,
 *                               `label`, `class`, optional `hotspot` (a category: drawn with a dashed border,
 *                               explained by the top-level `hotspot_label`). Optional: data-profile-url="/gebieden/{code}/" (click or
 *                               Enter on a shape opens it), data-basemap-url (tile URL template; empty means
 *                               no base map), data-basemap-attribution. The legend is drawn into
 *                               .vb-legend[data-legend-for="<map id>"] when present. Each area's name is
 *                               drawn on it when the shape is wide enough at the current zoom (labels are
 *                               aria-hidden: the shape's own name already says it). A URL hash
 *                               #gebied-<code> zooms to that area once the map is drawn.
 *   form[data-map-search="<map id>"]  area search (name, CBS code or PC4): the form's action answers JSON;
 *                               the matches are listed in #<map id>-zoek-resultaat (a live region), each
 *                               with a button that zooms the map to it and a link to its profile. Without
 *                               script the form opens the search page.
 *   .vb-chart[data-spec-id]     Vega-Lite spec read from <script type="application/json" id="...">, drawn as
 *                               SVG without the action menu, numbers and dates formatted in Dutch (nl-NL).
 *                               Its text alternative: the spec's figures as a table in a <details>
 *                               (details.vb-chart__data) right after the chart.
 *   Filter forms are submitted by their button only, never on a select's change (WCAG 3.2.2: moving through
 *   the options with the arrow keys must not reload the page).
 *   [data-vb-print]             a button that opens the print dialog.
 *   .vb-table-wrapper           when its table is wider than the screen: a focusable region with a visible
 *                               hint before it (p.vb-table-hint) and the first column kept in view.
 *   <meta name="csrf-token">    its content is sent as X-CSRFToken with every non-GET htmx request.
 * Maps and charts are (re)initialised on DOMContentLoaded and after every htmx swap (htmx:afterSettle), and
 * released when htmx removes them (htmx:beforeCleanupElement).
 */
(function () {
  "use strict";

  var NODATA_PATTERN_ID = "vb-map-nodata";
  var NODATA_LABEL = "Geen gegevens";
  var MAP_ERROR = "De kaart kon niet worden geladen.";
  var CHART_ERROR = "De grafiek kon niet worden getoond.";
  var SEARCH_ERROR = "Zoeken lukte niet; probeer het opnieuw.";
  /** Average width of a label character in pixels (0.75rem bold), to judge whether a name fits its shape. */
  var LABEL_CHAR_PX = 7;

  /** Dutch number and date formatting for chart axes and tooltips (d3-format / d3-time-format nl-NL). */
  var FORMAT_LOCALE = { decimal: ",", thousands: ".", grouping: [3], currency: ["\u20ac\u00a0", ""] };
  var TIME_FORMAT_LOCALE = {
    dateTime: "%a %e %B %Y %X",
    date: "%d-%m-%Y",
    time: "%H:%M:%S",
    periods: ["AM", "PM"],
    days: ["zondag", "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag"],
    shortDays: ["zo", "ma", "di", "wo", "do", "vr", "za"],
    months: ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
      "oktober", "november", "december"],
    shortMonths: ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"],
  };

  /** Containers already handled (drawn, loading or failed), and their Leaflet maps and vega-embed results. */
  var started = new WeakSet();
  var maps = new WeakMap();
  var views = new WeakMap();
  /** Map element -> {map, layers: Map(code -> Leaflet layer)}, for the search and the hash. */
  var mapAreas = new WeakMap();

  if (window.htmx) {
    // Set before htmx's DOMContentLoaded handler runs. No inline <style> element, no eval, and no copying of
    // the old element's style="" attribute onto a swapped-in element with the same id (Leaflet sets one on
    // its map container), which style-src 'self' blocks. allowScriptTags stays on: switched off, htmx would
    // drop the <script type="application/json"> chart specs from swapped content.
    window.htmx.config.includeIndicatorStyles = false;
    window.htmx.config.allowEval = false;
    window.htmx.config.attributesToSettle = ["class", "width", "height"];
  }

  function showMessage(container, className, text) {
    var message = document.createElement("p");
    message.className = className;
    message.setAttribute("role", "status");
    message.textContent = text;
    container.replaceChildren(message);
  }

  /* ---- map ---------------------------------------------------------------------------------------------- */

  /** Add the hatch pattern for areas without data once per document (shapes reference it by id). */
  function ensureNodataPattern() {
    if (document.getElementById(NODATA_PATTERN_ID)) {
      return;
    }
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("width", "0");
    svg.setAttribute("height", "0");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    svg.classList.add("vb-visually-hidden");
    var pattern = document.createElementNS(ns, "pattern");
    pattern.setAttribute("id", NODATA_PATTERN_ID);
    pattern.setAttribute("patternUnits", "userSpaceOnUse");
    pattern.setAttribute("width", "6");
    pattern.setAttribute("height", "6");
    pattern.setAttribute("patternTransform", "rotate(45)");
    var background = document.createElementNS(ns, "rect");
    background.setAttribute("width", "6");
    background.setAttribute("height", "6");
    background.setAttribute("fill", "#d1d5db");
    var line = document.createElementNS(ns, "rect");
    line.setAttribute("width", "1.5");
    line.setAttribute("height", "6");
    line.setAttribute("fill", "#6b7280");
    pattern.append(background, line);
    var defs = document.createElementNS(ns, "defs");
    defs.append(pattern);
    svg.append(defs);
    document.body.append(svg);
  }

  function legendColours(legend) {
    var colours = new Map();
    (legend || []).forEach(function (entry) {
      colours.set(entry["class"], entry.color);
    });
    return colours;
  }

  function renderLegend(mapElement, collection, hasNodata) {
    if (!mapElement.id) {
      return;
    }
    var target = document.querySelector('.vb-legend[data-legend-for="' + CSS.escape(mapElement.id) + '"]');
    if (!target) {
      return;
    }
    var entries = (collection.legend || []).map(function (entry) {
      return { label: entry.label, color: entry.color };
    });
    if (hasNodata) {
      entries.push({ label: NODATA_LABEL, color: null });
    }
    if (collection.hotspot_label) {
      entries.push({ label: collection.hotspot_label, color: "hotspot" });
    }
    var children = [];
    if (collection.title) {
      var title = document.createElement("p");
      title.className = "vb-legend__title";
      title.textContent = collection.title;
      children.push(title);
    }
    var list = document.createElement("ul");
    list.className = "vb-legend__list";
    entries.forEach(function (entry) {
      var item = document.createElement("li");
      item.className = "vb-legend__item";
      var swatch = document.createElement("span");
      swatch.className = "vb-legend__swatch";
      swatch.setAttribute("aria-hidden", "true");
      if (entry.color === null) {
        swatch.classList.add("vb-legend__swatch--nodata");
      } else if (entry.color === "hotspot") {
        swatch.classList.add("vb-legend__swatch--hotspot");
      } else {
        swatch.style.backgroundColor = entry.color; // CSSOM: allowed under style-src 'self'
      }
      var text = document.createElement("span");
      text.textContent = entry.label;
      item.append(swatch, text);
      list.append(item);
    });
    children.push(list);
    target.replaceChildren.apply(target, children);
  }

  function profileUrl(template, code) {
    return template.split("{code}").join(encodeURIComponent(code));
  }

  /** Make one area shape a keyboard-reachable link with an accessible name. */
  function makeShapeFocusable(layer, text, href) {
    var path = layer.getElement();
    if (!path) {
      return;
    }
    path.setAttribute("tabindex", "0");
    path.setAttribute("role", href ? "link" : "img");
    path.setAttribute("aria-label", text);
    path.addEventListener("focus", function () {
      layer.openTooltip();
    });
    path.addEventListener("blur", function () {
      layer.closeTooltip();
    });
    if (href) {
      path.addEventListener("keydown", function (event) {
        if (event.key === "Enter") {
          window.location.assign(href);
        }
      });
    }
  }

  function drawMap(element, collection) {
    var colours = legendColours(collection.legend);
    var template = element.dataset.profileUrl || "";
    var basemapUrl = element.dataset.basemapUrl || "";
    var hasNodata = false;

    var areas = L.geoJSON(collection, {
      style: function (feature) {
        var props = feature.properties || {};
        var colour = props["class"] === null || props["class"] === undefined ? null : colours.get(props["class"]);
        if (!colour) {
          hasNodata = true;
        }
        var hot = Boolean(props.hotspot);
        return {
          color: hot ? "#111827" : "#374151",
          weight: hot ? 3 : 1,
          dashArray: hot ? "6 3" : null,
          fillOpacity: colour ? 0.85 : 1,
          fillColor: colour || "url(#" + NODATA_PATTERN_ID + ")",
        };
      },
      onEachFeature: function (feature, shape) {
        var props = feature.properties || {};
        var text = props.name + ": " + (props.label === null || props.label === undefined ? NODATA_LABEL : props.label);
        if (props.hotspot && collection.hotspot_label) {
          text += " (" + collection.hotspot_label + ")";
        }
        var tooltip = document.createElement("span");
        tooltip.textContent = text; // textContent: names never become HTML
        shape.bindTooltip(tooltip, { sticky: true, className: "vb-map__tooltip" });
        var href = template && props.code ? profileUrl(template, props.code) : "";
        if (href) {
          shape.on("click", function () {
            window.location.assign(href);
          });
        }
        shape.on("add", function () {
          makeShapeFocusable(shape, text, href);
        });
        shape.on("mouseover", function () {
          shape.setStyle({ weight: 3 });
        });
        shape.on("mouseout", function () {
          shape.setStyle({ weight: props.hotspot ? 3 : 1 });
        });
      },
    });
    var bounds = areas.getBounds();
    if (!bounds.isValid()) {
      throw new Error(element.dataset.geojsonUrl + " has no features with geometry");
    }

    var map = L.map(element, { attributionControl: basemapUrl !== "", scrollWheelZoom: false, zoomSnap: 0.25 });
    maps.set(element, map);
    if (collection.title && !element.hasAttribute("aria-label")) {
      element.setAttribute("aria-label", "Kaart: " + collection.title);
    }
    if (basemapUrl !== "") {
      L.tileLayer(basemapUrl, { attribution: element.dataset.basemapAttribution || "", maxZoom: 19 }).addTo(map);
    }
    ensureNodataPattern();
    areas.addTo(map);
    var layers = new Map();
    areas.eachLayer(function (layer) {
      var props = layer.feature && layer.feature.properties;
      if (props && props.code) {
        layers.set(props.code, layer);
      }
    });
    mapAreas.set(element, { map: map, layers: layers });
    var labels = addLabels(map, areas);
    map.on("zoomend moveend", function () {
      fitLabels(map, labels);
    });
    map.fitBounds(bounds, { padding: [8, 8] });
    fitLabels(map, labels);
    renderLegend(element, collection, hasNodata);
    var hash = window.location.hash;
    if (hash.indexOf("#gebied-") === 0) {
      showArea(element, decodeURIComponent(hash.slice("#gebied-".length)), false);
    }
  }

  /** A name label at the centre of every area (not interactive, hidden from assistive technology). */
  function addLabels(map, areas) {
    var labels = [];
    areas.eachLayer(function (layer) {
      var props = (layer.feature && layer.feature.properties) || {};
      if (!props.name || !layer.getBounds) {
        return;
      }
      var text = document.createElement("span");
      text.className = "vb-map__label";
      text.textContent = props.name;
      var marker = L.marker(layer.getBounds().getCenter(), {
        icon: L.divIcon({ className: "vb-map__label-anchor", html: text, iconSize: null }),
        interactive: false,
        keyboard: false,
      });
      marker.on("add", function () {
        var icon = marker.getElement();
        if (icon) {
          icon.setAttribute("aria-hidden", "true");
        }
      });
      marker.addTo(map);
      labels.push({ marker: marker, layer: layer, width: props.name.length * LABEL_CHAR_PX });
    });
    return labels;
  }

  /** Show a label only when its area is wide and tall enough at this zoom; never two overlapping labels. */
  function fitLabels(map, labels) {
    var placed = [];
    labels.forEach(function (label) {
      var box = label.layer.getBounds();
      var ne = map.latLngToContainerPoint(box.getNorthEast());
      var sw = map.latLngToContainerPoint(box.getSouthWest());
      var width = Math.abs(ne.x - sw.x);
      var height = Math.abs(sw.y - ne.y);
      var centre = map.latLngToContainerPoint(label.marker.getLatLng());
      var rect = { left: centre.x - label.width / 2, right: centre.x + label.width / 2, top: centre.y - 9, bottom: centre.y + 9 };
      var fits = width >= label.width * 0.9 && height >= 18;
      var overlaps = placed.some(function (other) {
        return rect.left < other.right && other.left < rect.right && rect.top < other.bottom && other.top < rect.bottom;
      });
      var element = label.marker.getElement();
      if (element) {
        element.classList.toggle("vb-map__label-anchor--shown", fits && !overlaps);
      }
      if (fits && !overlaps) {
        placed.push(rect);
      }
    });
  }

  /** Zoom the map to one area, outline it and move the keyboard focus to its shape. */
  function showArea(element, code, focus) {
    var entry = mapAreas.get(element);
    var layer = entry && entry.layers.get(code);
    if (!layer) {
      return false;
    }
    entry.map.fitBounds(layer.getBounds(), { padding: [24, 24], maxZoom: 16 });
    entry.layers.forEach(function (other) {
      var path = other.getElement && other.getElement();
      if (path) {
        path.classList.toggle("vb-map__found", other === layer);
      }
    });
    layer.bringToFront();
    var path = layer.getElement();
    if (path && focus !== false) {
      path.focus({ preventScroll: false });
    } else {
      layer.openTooltip();
    }
    return true;
  }

  function initMap(element) {
    var url = element.dataset.geojsonUrl;
    if (started.has(element) || !url) {
      return;
    }
    started.add(element);
    if (!window.L) {
      console.error("vb-map #" + element.id + ": Leaflet (vendor/leaflet/leaflet.js) is not loaded");
      showMessage(element, "vb-map__message", MAP_ERROR);
      return;
    }
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/geo+json, application/json" } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(url + " answered HTTP " + response.status);
        }
        return response.json();
      })
      .then(function (collection) {
        if (!collection || collection.type !== "FeatureCollection" || !Array.isArray(collection.features)) {
          throw new Error(url + " is not a GeoJSON FeatureCollection");
        }
        drawMap(element, collection);
      })
      .catch(function (error) {
        console.error("vb-map #" + element.id + ": " + error.message);
        showMessage(element, "vb-map__message", MAP_ERROR);
      });
  }

  /* ---- chart -------------------------------------------------------------------------------------------- */

  var CHART_DATA_SUMMARY = "De cijfers van deze grafiek";

  /** Walk a Vega-Lite spec: the largest inline data array, and the title of every field (tooltips, axes). */
  function specData(spec) {
    var best = [];
    var titles = {};
    (function walk(node) {
      if (Array.isArray(node)) {
        node.forEach(walk);
        return;
      }
      if (!node || typeof node !== "object") {
        return;
      }
      if (typeof node.field === "string" && typeof node.title === "string" && !(node.field in titles)) {
        titles[node.field] = node.title;
      }
      if (node.data && Array.isArray(node.data.values) && node.data.values.length > best.length) {
        best = node.data.values;
      }
      Object.keys(node).forEach(function (key) {
        if (key !== "data") {
          walk(node[key]);
        }
      });
    })(spec);
    return { rows: best, titles: titles };
  }

  function formatCell(key, value) {
    if (value === null || value === undefined || value === "") {
      return "\u2013";
    }
    if (typeof value === "number") {
      return value.toLocaleString("nl-NL", { maximumFractionDigits: 1 });
    }
    if (key === "maand" && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
      return new Date(value + "T00:00:00").toLocaleDateString("nl-NL", { month: "long", year: "numeric" });
    }
    return String(value);
  }

  /** The chart's text alternative: its figures as a table in a <details> after it (WCAG 1.1.1). */
  function addChartTable(element, spec) {
    var found = specData(spec);
    if (!found.rows.length) {
      return;
    }
    var keys = [];
    found.rows.forEach(function (row) {
      Object.keys(row).forEach(function (key) {
        if (keys.indexOf(key) < 0) {
          keys.push(key);
        }
      });
    });
    var details = document.createElement("details");
    details.className = "vb-chart__data";
    var summary = document.createElement("summary");
    summary.textContent = CHART_DATA_SUMMARY;
    var wrapper = document.createElement("div");
    wrapper.className = "vb-chart__table";
    wrapper.tabIndex = 0; // it scrolls: reachable by keyboard
    wrapper.setAttribute("role", "region");
    wrapper.setAttribute("aria-label", CHART_DATA_SUMMARY);
    var table = document.createElement("table");
    table.className = "utrecht-table vb-table";
    var caption = document.createElement("caption");
    caption.className = "vb-visually-hidden";
    caption.textContent = element.getAttribute("aria-label") || spec.description || CHART_DATA_SUMMARY;
    var head = document.createElement("thead");
    var headRow = document.createElement("tr");
    keys.forEach(function (key) {
      var th = document.createElement("th");
      th.scope = "col";
      th.textContent = found.titles[key] || key.charAt(0).toUpperCase() + key.slice(1);
      headRow.append(th);
    });
    head.append(headRow);
    var body = document.createElement("tbody");
    found.rows.forEach(function (row) {
      var tr = document.createElement("tr");
      keys.forEach(function (key, index) {
        var cell = document.createElement(index === 0 ? "th" : "td");
        if (index === 0) {
          cell.scope = "row";
        } else if (typeof row[key] === "number") {
          cell.className = "vb-table__num";
        }
        cell.textContent = formatCell(key, row[key]);
        tr.append(cell);
      });
      body.append(tr);
    });
    table.append(caption, head, body);
    wrapper.append(table);
    details.append(summary, wrapper);
    element.after(details);
  }

  function initChart(element) {
    var specId = element.dataset.specId;
    if (started.has(element) || !specId) {
      return;
    }
    started.add(element);
    if (!window.vegaEmbed) {
      console.error("vb-chart " + specId + ": vega, vega-lite and vega-embed are not loaded");
      showMessage(element, "vb-chart__message", CHART_ERROR);
      return;
    }
    var source = document.getElementById(specId);
    if (!source) {
      console.error("vb-chart: no <script type=\"application/json\" id=\"" + specId + "\"> in the page");
      showMessage(element, "vb-chart__message", CHART_ERROR);
      return;
    }
    var spec;
    try {
      spec = JSON.parse(source.textContent);
    } catch (error) {
      console.error("vb-chart: spec #" + specId + " is not valid JSON: " + error.message);
      showMessage(element, "vb-chart__message", CHART_ERROR);
      return;
    }
    addChartTable(element, spec);
    window
      .vegaEmbed(element, spec, {
        actions: false,
        renderer: "svg",
        ast: true, // expressions run in the bundled interpreter: no 'unsafe-eval'
        defaultStyle: false, // vega-embed's CSS would be an inline <style>
        tooltip: { disableDefaultStyle: true }, // idem for vega-tooltip; both live in app.css
        formatLocale: FORMAT_LOCALE,
        timeFormatLocale: TIME_FORMAT_LOCALE,
      })
      .then(function (result) {
        views.set(element, result);
      })
      .catch(function (error) {
        console.error("vb-chart: spec #" + specId + " could not be rendered: " + error.message);
        showMessage(element, "vb-chart__message", CHART_ERROR);
      });
  }

  /* ---- tables wider than the screen ---------------------------------------------------------------------- */

  var TABLE_HINT = "Schuif de tabel opzij voor de andere kolommen; de eerste kolom blijft staan.";

  /** A table wider than its wrapper scrolls inside it (never the page): the wrapper becomes a focusable,
   * named region (keyboard scrolling), its first column stays in view, and a visible hint says so. */
  function markScrollingTables() {
    document.querySelectorAll(".vb-table-wrapper").forEach(function (wrapper) {
      var scrolls = wrapper.scrollWidth > wrapper.clientWidth + 1;
      var hint = wrapper.previousElementSibling;
      var hasHint = hint && hint.classList.contains("vb-table-hint");
      wrapper.classList.toggle("vb-table-wrapper--scrolls", scrolls);
      if (scrolls) {
        var caption = wrapper.querySelector("caption");
        wrapper.setAttribute("tabindex", "0");
        wrapper.setAttribute("role", "region");
        wrapper.setAttribute("aria-label", "Tabel" + (caption ? ": " + caption.textContent.trim() : "") + " (schuifbaar)");
        if (!hasHint) {
          var text = document.createElement("p");
          text.className = "vb-table-hint";
          text.textContent = TABLE_HINT;
          wrapper.before(text);
        }
      } else if (wrapper.getAttribute("role") === "region") {
        wrapper.removeAttribute("tabindex");
        wrapper.removeAttribute("role");
        wrapper.removeAttribute("aria-label");
        if (hasHint) {
          hint.remove();
        }
      }
    });
  }

  var resizeTimer = null;
  window.addEventListener("resize", function () {
    window.clearTimeout(resizeTimer);
    resizeTimer = window.setTimeout(markScrollingTables, 150);
  });

  /* ---- wiring ------------------------------------------------------------------------------------------- */

  function initAll() {
    document.querySelectorAll(".vb-map[data-geojson-url]").forEach(initMap);
    document.querySelectorAll(".vb-chart[data-spec-id]").forEach(initChart);
    markScrollingTables();
  }

  function release(element) {
    var map = maps.get(element);
    if (map) {
      map.remove();
      maps.delete(element);
    }
    var result = views.get(element);
    if (result) {
      result.finalize();
      views.delete(element);
    }
  }

  document.addEventListener("click", function (event) {
    if (event.target instanceof Element && event.target.closest("[data-vb-print]")) {
      window.print();
    }
  });

  /* ---- area search ---------------------------------------------------------------------------------------- */

  function searchResultItem(form, mapElement, match) {
    var item = document.createElement("li");
    var name = document.createElement("span");
    name.className = "vb-map-search__name";
    name.textContent = match.name;
    var meta = document.createElement("span");
    meta.className = "vb-note";
    var details = [match.level_label];
    if (match.parent) {
      details.push(match.parent);
    }
    details.push(match.code);
    var text = " (" + details.join(", ");
    if (match.share !== null && match.share !== undefined) {
      text += "; " + Math.round(match.share * 100) + " % van de adressen";
    }
    meta.textContent = text + ") ";
    item.append(name, meta);
    var onMap = mapElement && mapAreas.get(mapElement) && mapAreas.get(mapElement).layers.has(match.code);
    if (onMap) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "vb-map-search__show";
      button.textContent = "Toon op de kaart";
      button.setAttribute("aria-label", "Toon op de kaart: " + match.name);
      button.addEventListener("click", function () {
        showArea(mapElement, match.code, true);
      });
      item.append(button, document.createTextNode(" · "));
    } else {
      var other = new URL(window.location.href);
      other.searchParams.set("niveau", match.level);
      other.hash = "gebied-" + match.code;
      var switchLink = document.createElement("a");
      switchLink.href = other.toString();
      switchLink.textContent = match.level === "buurt" ? "Toon de buurten op de kaart" : "Toon de wijken op de kaart";
      item.append(switchLink, document.createTextNode(" · "));
    }
    var profile = document.createElement("a");
    var template = (mapElement && mapElement.dataset.profileUrl) || "";
    profile.href = template ? profileUrl(template, match.code) : "#";
    profile.textContent = "Gebiedsprofiel";
    profile.setAttribute("aria-label", "Gebiedsprofiel van " + match.name);
    item.append(profile);
    return item;
  }

  function showSearchResult(form, result) {
    var mapId = form.dataset.mapSearch;
    var mapElement = mapId ? document.getElementById(mapId) : null;
    var target = mapId ? document.getElementById(mapId + "-zoek-resultaat") : null;
    if (!target) {
      return;
    }
    var status = document.createElement("p");
    var children = [status];
    if (result.pc4 && !result.postcodes_registered) {
      status.textContent = "Er is geen postcodebestand geladen; zoek op naam of CBS-code.";
    } else if (!result.matches.length) {
      status.textContent = "Geen wijk of buurt gevonden voor \u201c" + result.query + "\u201d.";
    } else {
      status.textContent = result.matches.length === 1 ? "1 gebied gevonden." : result.matches.length + " gebieden gevonden.";
      var list = document.createElement("ul");
      list.className = "vb-map-search__list";
      result.matches.forEach(function (match) {
        list.append(searchResultItem(form, mapElement, match));
      });
      children.push(list);
      if (result.truncated) {
        var more = document.createElement("p");
        more.className = "vb-note";
        more.textContent = "Er zijn meer gebieden; typ meer van de naam.";
        children.push(more);
      }
    }
    target.replaceChildren.apply(target, children);
    if (result.matches.length === 1 && mapElement) {
      showArea(mapElement, result.matches[0].code, false);
    }
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.dataset.mapSearch) {
      return;
    }
    event.preventDefault();
    var url = new URL(form.action, window.location.href);
    new FormData(form).forEach(function (value, key) {
      url.searchParams.set(key, value);
    });
    fetch(url.toString(), { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(url + " answered HTTP " + response.status);
        }
        return response.json();
      })
      .then(function (result) {
        showSearchResult(form, result);
      })
      .catch(function (error) {
        console.error("area search: " + error.message);
        var target = document.getElementById(form.dataset.mapSearch + "-zoek-resultaat");
        if (target) {
          showMessage(target, "vb-map__message", SEARCH_ERROR);
        }
      });
  });

  document.addEventListener("htmx:configRequest", function (event) {
    var meta = document.querySelector('meta[name="csrf-token"]');
    if (meta && event.detail.verb !== "get") {
      event.detail.headers["X-CSRFToken"] = meta.content;
    }
  });

  document.addEventListener("htmx:afterSettle", initAll);
  document.addEventListener("htmx:beforeCleanupElement", function (event) {
    release(event.target);
  });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", initAll);
  } else {
    initAll();
  }
})();
