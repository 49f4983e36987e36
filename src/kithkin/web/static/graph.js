// The Network page: fetch the ego network as JSON and draw it with Cytoscape.js.
"use strict";
(function () {
  const PALETTE = ["#3b6ea5", "#c0603a", "#4f8a5b", "#8a5aa8", "#b8913a", "#3a8f94", "#b0506f", "#6b7a3a"];
  const NEUTRAL = "#a3a8b0";
  const MANY = 300; // past this many people: rings instead of a force layout, which would take too long
  const RING = 150; // the most people one ring holds in that layout
  const box = document.getElementById("graph");
  const status = document.getElementById("graph-status");
  const legend = document.getElementById("legend");
  if (!box || typeof cytoscape !== "function") return;

  function say(text) { status.textContent = text; }

  // Each circle with the people drawn in its colour (sorted, adding up), then the grey rest: people whose
  // largest shared group is none of these, or who share none.
  function drawLegend(circles, total) {
    legend.replaceChildren();
    const title = document.createElement("h2");
    title.textContent = "Circles";
    // "Intuit (2)" read as Intuit's size: each person is drawn in one colour, their largest circle's, so the
    // count is of those drawn in it, and someone at Intuit and Qualcomm may be in Qualcomm's colour.
    const how = document.createElement("p");
    how.className = "muted small";
    how.textContent = "Each person in the colour of the largest circle they are in; counts are of those so drawn.";
    legend.append(title, how);
    const list = document.createElement("ul");
    circles.forEach(function (c) {
      const item = document.createElement("li");
      const swatch = document.createElement("span");
      swatch.className = "swatch swatch-" + c.index;
      const label = document.createElement("span");
      label.textContent = c.name + " (" + c.size + " drawn in it)";
      item.append(swatch, label);
      list.append(item);
    });
    const other = document.createElement("li");
    const swatch = document.createElement("span");
    swatch.className = "swatch swatch-none";
    const label = document.createElement("span");
    const coloured = circles.reduce(function (sum, c) { return sum + c.size; }, 0);
    label.textContent = "another circle or none (" + (total - coloured) + " drawn so)";
    other.append(swatch, label);
    list.append(other);
    legend.append(list);
  }

  function size(node) { return 10 + Math.min(14, node.degree() * 0.7); }

  // Nearest first, and within each distance by circle, so that circles form arcs of one colour.
  function ordered(nodes) {
    const circle = function (n) { return n.circle === null ? 99 : n.circle; };
    return nodes.slice().sort(function (a, b) {
      return a.distance - b.distance || circle(a) - circle(b) || a.id - b.id;
    });
  }

  function elements(data) {
    const seen = {};
    const nodes = ordered(data.nodes).map(function (n) {
      seen[n.distance] = (seen[n.distance] || 0) + 1;
      // The ring a node goes on when there are many: by distance, a crowded distance split into rings of RING.
      const ring = 1000 - 100 * n.distance - Math.floor((seen[n.distance] - 1) / RING);
      return { data: { id: "p" + n.id, pid: n.id, label: n.name, centre: n.centre ? 1 : 0, ring: ring,
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
      const many = data.nodes.length > MANY;
      const cy = cytoscape({
        container: box,
        elements: elements(data),
        minZoom: 0.02,
        maxZoom: 4,
        style: [
          // Names stay hidden until a person is pointed at (only yours shows): 50 labels at once are noise.
          { selector: "node", style: { "background-color": "data(colour)", "width": many ? 8 : size,
              "height": many ? 8 : size,
              "label": "", "font-size": 11, "color": "#1f2430",
              "text-valign": "bottom", "text-margin-y": 3, "font-family": "system-ui, sans-serif",
              "text-background-color": "#ffffff", "text-background-opacity": 0.85, "text-background-padding": 2,
              "border-width": 1, "border-color": "#ffffff" } },
          { selector: "node[centre = 1]", style: { "width": 30, "height": 30, "font-size": 13, "font-weight": "bold",
              "label": "data(label)", "z-index": 20, "border-width": 3, "border-color": "#1f2430" } },
          { selector: "node:selected, node.hover", style: { "label": "data(label)", "z-index": 10,
              "border-width": 2, "border-color": "#1f2430" } },
          { selector: "edge", style: { "width": "mapData(strength, 0, 1, 0.4, 4)", "line-color": "#c3c7ce",
              "opacity": 0.55, "curve-style": "haystack" } },
          { selector: "edge.near", style: { "line-color": "#6d7685", "opacity": 0.9, "z-index": 5 } },
        ],
        layout: many
          ? { name: "concentric", concentric: function (n) { return n.data("ring"); },
              levelWidth: function () { return 1; }, minNodeSpacing: 3, animate: false }
          : { name: "cose", animate: false, randomize: false, nodeRepulsion: function () { return 9000; },
              idealEdgeLength: function () { return 80; }, nodeOverlap: 8, numIter: 1500, padding: 20 },
      });
      cy.on("tap", "node", function (event) { window.location.href = "/people/" + event.target.data("pid"); });
      cy.on("mouseover", "node", function (event) {
        event.target.addClass("hover");
        event.target.connectedEdges().addClass("near");
        box.classList.add("pointing");
      });
      cy.on("mouseout", "node", function (event) {
        event.target.removeClass("hover");
        event.target.connectedEdges().removeClass("near");
        box.classList.remove("pointing");
      });
      window.kithkinGraph = cy; // for the browser tests and the curious
      // Laid out (synchronously, no animation) and then painted: the mark the benchmark waits for.
      requestAnimationFrame(function () {
        requestAnimationFrame(function () { performance.mark("graph-drawn"); box.dataset.drawn = "true"; });
      });
      drawLegend(data.circles, data.nodes.length);
      say(data.nodes.length + (data.nodes.length === 1 ? " person, " : " people, ") + data.edges.length +
          (data.edges.length === 1 ? " tie" : " ties") +
          (data.truncated ? " (the nearest " + data.nodes.length + " shown)" : "") +
          ". Point at a person to see their name, click to open them; scroll to zoom.");
    })
    .catch(function (error) { say(error.message); });
})();
