// The Network page: fetch the ego network as JSON and draw it with Cytoscape.js.
"use strict";
(function () {
  const PALETTE = ["#3b6ea5", "#c0603a", "#4f8a5b", "#8a5aa8", "#b8913a", "#3a8f94", "#b0506f", "#6b7a3a"];
  const NEUTRAL = "#a3a8b0";
  const box = document.getElementById("graph");
  const status = document.getElementById("graph-status");
  const legend = document.getElementById("legend");
  if (!box || typeof cytoscape !== "function") return;

  function say(text) { status.textContent = text; }

  function drawLegend(circles) {
    legend.replaceChildren();
    const title = document.createElement("h2");
    title.textContent = "Circles";
    legend.append(title);
    const list = document.createElement("ul");
    circles.forEach(function (c) {
      const item = document.createElement("li");
      const swatch = document.createElement("span");
      swatch.className = "swatch swatch-" + c.index;
      const label = document.createElement("span");
      label.textContent = c.name + " (" + c.size + ")";
      item.append(swatch, label);
      list.append(item);
    });
    const other = document.createElement("li");
    const swatch = document.createElement("span");
    swatch.className = "swatch swatch-none";
    const label = document.createElement("span");
    label.textContent = "no shared circle";
    other.append(swatch, label);
    list.append(other);
    legend.append(list);
  }

  function elements(data) {
    const nodes = data.nodes.map(function (n) {
      return { data: { id: "p" + n.id, pid: n.id, label: n.name, centre: n.centre ? 1 : 0,
                       colour: n.circle === null ? NEUTRAL : PALETTE[n.circle % PALETTE.length] } };
    });
    const edges = data.edges.map(function (e) {
      return { data: { id: "t" + e.source + "-" + e.target, source: "p" + e.source, target: "p" + e.target,
                       strength: e.strength } };
    });
    return nodes.concat(edges);
  }

  fetch(box.dataset.src, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
    .then(function (response) {
      return response.json().then(function (body) {
        if (!response.ok) throw new Error(body.error ? body.error.message : "could not load the graph");
        return body;
      });
    })
    .then(function (data) {
      const many = data.nodes.length > 300;
      const cy = cytoscape({
        container: box,
        elements: elements(data),
        minZoom: 0.1,
        maxZoom: 4,
        style: [
          { selector: "node", style: { "background-color": "data(colour)", "width": 14, "height": 14,
              "label": many ? "" : "data(label)", "font-size": 9, "color": "#2b2f36", "text-valign": "bottom",
              "text-margin-y": 3, "font-family": "system-ui, sans-serif" } },
          { selector: "node[centre = 1]", style: { "width": 26, "height": 26, "label": "data(label)",
              "font-size": 12, "font-weight": "bold", "border-width": 3, "border-color": "#1f2430" } },
          { selector: "node:selected, node.hover", style: { "label": "data(label)", "border-width": 2,
              "border-color": "#1f2430" } },
          { selector: "edge", style: { "width": "mapData(strength, 0, 1, 0.5, 6)", "line-color": "#c9ccd2",
              "opacity": 0.8, "curve-style": "haystack" } },
        ],
        layout: many
          ? { name: "concentric", concentric: function (n) { return n.data("centre") ? 10 : n.degree(); },
              levelWidth: function () { return 4; }, animate: false, minNodeSpacing: 6 }
          : { name: "cose", animate: false, randomize: false, nodeRepulsion: function () { return 6000; },
              idealEdgeLength: function () { return 60; }, numIter: 1500 },
      });
      cy.on("tap", "node", function (event) { window.location.href = "/people/" + event.target.data("pid"); });
      cy.on("mouseover", "node", function (event) { event.target.addClass("hover"); box.classList.add("pointing"); });
      cy.on("mouseout", "node", function (event) { event.target.removeClass("hover"); box.classList.remove("pointing"); });
      window.kithkinGraph = cy; // for the browser tests and the curious
      drawLegend(data.circles);
      say(data.nodes.length + " people, " + data.edges.length + " ties" +
          (data.truncated ? " (the nearest " + data.nodes.length + " shown)" : "") +
          ". Click a person to open them; scroll to zoom.");
    })
    .catch(function (error) { say(error.message); });
})();
