/* Draws a dossier network with the vendored cytoscape (no CDN; CSP: external script, data from a JSON block). */
(function () {
  "use strict";
  var data = document.getElementById("vb-network-data");
  var container = document.getElementById("vb-network");
  if (!data || !container || typeof window.cytoscape !== "function") { return; }
  var graph = JSON.parse(data.textContent);
  var colours = { Person: "#1d4ed8", Company: "#b45309", Address: "#047857", RealEstate: "#7c3aed", Vehicle: "#374151" };
  var shapes = { Person: "ellipse", Company: "round-rectangle", Address: "diamond", RealEstate: "rectangle", Vehicle: "hexagon" };
  var elements = graph.nodes.map(function (n) {
    return { data: { id: n.id, label: n.label, colour: colours[n.schema] || "#6b7280", shape: shapes[n.schema] || "ellipse" } };
  }).concat(graph.edges.map(function (e) {
    return { data: { id: e.id, source: e.source, target: e.target, label: e.label, dashed: e.weight === "onbevestigd" ? "dashed" : "solid" } };
  }));
  window.cytoscape({
    container: container,
    elements: elements,
    layout: { name: "cose", animate: false, randomize: true, nodeRepulsion: 400000, idealEdgeLength: 140,
      nodeOverlap: 40, padding: 40, componentSpacing: 120 },
    maxZoom: 1.5,
    minZoom: 0.3,
    wheelSensitivity: 0.2,
    style: [
      { selector: "node", style: { "background-color": "data(colour)", shape: "data(shape)", label: "data(label)",
        "font-size": 11, color: "#111827", "text-valign": "bottom", "text-margin-y": 4, width: 24, height: 24,
        "text-wrap": "wrap", "text-max-width": 140 } },
      { selector: "edge", style: { label: "data(label)", "font-size": 9, color: "#374151", width: 2,
        "line-color": "#6b7280", "line-style": "data(dashed)", "target-arrow-shape": "triangle",
        "target-arrow-color": "#6b7280", "curve-style": "bezier", "text-background-color": "#ffffff",
        "text-background-opacity": 1 } }
    ]
  });
})();
