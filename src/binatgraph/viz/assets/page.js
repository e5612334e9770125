/* binatgraph network page.
 *
 * Every string that comes from the data is written with textContent (never innerHTML) or drawn
 * on vis-network's canvas, so a title holding markup shows as text. The page makes no request.
 * window.binatgraph exposes the network and its DataSets for notebooks and tests.
 */
(function () {
  "use strict";

  var data = JSON.parse(document.getElementById("bg-data").textContent);
  var started = performance.now();
  var info = data.nodes;
  var edgeInfo = data.edges;
  var events = data.events;
  var facets = data.facets; // [first day, last day, institution or -1], what the filters test
  var font = data.font;
  var LABEL_MAX_VISIBLE = data.vis.options.nodes.scaling.label.maxVisible;

  function byId(id) { return document.getElementById(id); }

  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (cls) node.className = cls;
    return node;
  }

  // Labels start empty and are switched on by layoutLabels() where they do not overlap; the most
  // central nodes' labels (data.labelled) are always on.
  var fullLabel = {};
  var pinned = {};
  (data.labelled || []).forEach(function (id) { pinned[id] = true; });
  var lifted = {}; // how far a pinned label was moved up (above its node) to stay clear, in canvas units
  var sizeOf = {};
  var priority = [];
  var visNodes = data.vis.nodes.map(function (n) {
    fullLabel[n.id] = n.label;
    sizeOf[n.id] = n.size;
    priority.push(n.id);
    return Object.assign({}, n, { label: "" });
  });
  var nodes = new vis.DataSet(visNodes);
  var edges = new vis.DataSet(data.vis.edges);
  var hiddenNode = {};
  var hiddenEdge = {};
  var labelled = {};

  var api = {
    network: null,
    nodes: nodes,
    edges: edges,
    data: data,
    stabilized: false,
    stabilizeMs: null,
    labelled: function () { return Object.keys(labelled).filter(function (id) { return labelled[id]; }); },
    visible: function () {
      return {
        nodes: nodes.getIds().filter(function (id) { return !hiddenNode[id]; }).length,
        edges: edges.getIds().filter(function (id) { return !hiddenEdge[id]; }).length
      };
    }
  };
  window.binatgraph = api;

  if (data.empty || visNodes.length === 0) {
    byId("filters").hidden = true;
    byId("search").disabled = true;
    byId("search-go").disabled = true;
    api.stabilized = true;
    api.stabilizeMs = 0;
    return;
  }

  // --- the network: settle once, then physics off so hundreds of nodes stay still -------------

  var progress = byId("progress");
  var network = new vis.Network(byId("network"), { nodes: nodes, edges: edges }, data.vis.options);
  api.network = network;
  progress.hidden = false;
  network.on("stabilizationProgress", function (p) {
    progress.textContent = "Laying out the network… " + Math.round((100 * p.iterations) / p.total) + "%";
  });
  network.once("stabilizationIterationsDone", function () {
    network.setOptions({ physics: false });
    progress.hidden = true;
    window.requestAnimationFrame(function () {
      layoutLabels();
      api.stabilizeMs = Math.round(performance.now() - started);
      api.stabilized = true;
    });
  });

  // --- labels that do not overlap: greedy, most central first, in canvas space ------------------

  var measure = document.createElement("canvas").getContext("2d");
  measure.font = font.size + "px " + font.face;
  var widths = {};
  function textWidth(text) {
    if (!(text in widths)) widths[text] = measure.measureText(text).width;
    return widths[text];
  }

  // Zoomed out, labels keep at least MIN_SCREEN_FONT pixels on screen (fewer of them then fit);
  // zoomed in, vis-network caps them at maxVisible.
  var MIN_SCREEN_FONT = 12;
  var fontNow = font.size;
  function fitFont(scale) {
    var want = Math.max(font.size, MIN_SCREEN_FONT / scale);
    if (Math.abs(want - fontNow) / fontNow > 0.02) {
      fontNow = want;
      network.setOptions({ nodes: { font: { size: fontNow } } });
    }
  }

  function overlaps(a, b) {
    return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  }

  function labelBox(id, position, drawn, scale, lift) {
    // where vis-network draws a label under a shape: its top at y + size + fontSize/2 + 4 (+ vadjust)
    var padX = 3 / scale;
    var padY = 1 / scale;
    var width = (textWidth(fullLabel[id]) * drawn) / font.size;
    var top = position.y + sizeOf[id] + 0.5 * fontNow + 4 + (lift || 0);
    return {
      id: id,
      left: position.x - width / 2 - padX,
      right: position.x + width / 2 + padX,
      top: top - padY,
      bottom: top + drawn * 1.2 + padY
    };
  }

  function layoutLabels() {
    var scale = network.getScale();
    fitFont(scale);
    var drawn = Math.min(fontNow, LABEL_MAX_VISIBLE / scale);
    var cell = Math.max(drawn * 8, 1);
    var grid = {};
    function cells(box, visit) {
      var x1 = Math.floor(box.right / cell), y1 = Math.floor(box.bottom / cell);
      for (var gx = Math.floor(box.left / cell); gx <= x1; gx++) {
        for (var gy = Math.floor(box.top / cell); gy <= y1; gy++) {
          if (visit(gx + "," + gy)) return true;
        }
      }
      return false;
    }
    function place(box) {
      cells(box, function (key) { (grid[key] = grid[key] || []).push(box); return false; });
    }
    function clashes(box, labelsOnly) {
      return cells(box, function (key) {
        var there = grid[key] || [];
        for (var i = 0; i < there.length; i++) {
          if (labelsOnly && !there[i].label) continue;
          if (there[i].id !== box.id && overlaps(box, there[i])) return true;
        }
        return false;
      });
    }
    var positions = network.getPositions();
    var selected = network.getSelectedNodes();
    var order = selected.concat(priority.filter(function (id) { return selected.indexOf(id) < 0; }));
    var updates = [];
    // most central first: a label must not cover a label or a node placed before it; a pinned
    // label that would moves above or further from its node, and shows anyway if all are crowded
    order.forEach(function (id) {
      var want = false;
      var lift = 0;
      if (!hiddenNode[id]) {
        var p = positions[id], r = sizeOf[id];
        if (fullLabel[id]) {
          var box = labelBox(id, p, drawn, scale, 0);
          want = selected.indexOf(id) >= 0 || !clashes(box);
          if (!want && pinned[id]) {
            // above the node, then a line or two further below or above; clear of every label
            // and node, else clear of labels only (over a node's edge), else where it belongs
            var line = drawn * 1.2;
            var up = -(2 * r + 8 + 0.5 * fontNow + line);
            var tries = [0, up, line, up - line, 2 * line, up - 2 * line];
            search: for (var pass = 0; pass < 2; pass++) {
              for (var t = 0; t < tries.length; t++) {
                var moved = labelBox(id, p, drawn, scale, tries[t]);
                if (!clashes(moved, pass === 1)) {
                  lift = tries[t];
                  box = moved;
                  break search;
                }
              }
            }
            want = true;
          }
          if (want) {
            box.label = true;
            place(box);
          }
        }
        place({ id: id, left: p.x - r, right: p.x + r, top: p.y - r, bottom: p.y + r });
      }
      if (!!labelled[id] !== want || (lifted[id] || 0) !== lift) {
        labelled[id] = want;
        lifted[id] = lift;
        updates.push({ id: id, label: want ? fullLabel[id] : "", font: { vadjust: lift } });
      }
    });
    if (updates.length) nodes.update(updates);
  }
  api.layoutLabels = layoutLabels;

  var relabelTimer = null;
  function relabelSoon() {
    if (!api.stabilized) return;
    window.clearTimeout(relabelTimer);
    relabelTimer = window.setTimeout(layoutLabels, 120);
  }
  network.on("zoom", relabelSoon);
  network.on("dragEnd", function (p) { if (p.nodes.length) relabelSoon(); });
  network.on("animationFinished", relabelSoon);
  network.on("resize", relabelSoon);

  // --- tooltips and the details panel, built as DOM text --------------------------------------

  function formatValue(value) {
    return Number.isInteger(value) ? String(value) : Number(value).toPrecision(3);
  }

  function addRow(list, term, value) {
    list.appendChild(el("dt", term));
    list.appendChild(el("dd", value));
  }

  // `total` is how many events the node or tie has; the page lists only the latest of them
  function eventList(indices, limit, total) {
    var list = el("ul", null, "events");
    var sorted = indices.slice().sort(function (a, b) {
      return (events[a].date || "9999").localeCompare(events[b].date || "9999");
    });
    var shown = sorted.slice(0, limit || sorted.length);
    shown.forEach(function (i) {
      var event = events[i];
      var item = el("li");
      item.appendChild(el("span", event.date || "undated", "date"));
      item.appendChild(el("span", event.title, "title"));
      if (event.type) item.appendChild(el("span", " (" + event.type + ")", "type"));
      if (event.source) item.appendChild(el("span", "source: " + event.source, "source"));
      list.appendChild(item);
    });
    if (limit && sorted.length > limit) {
      list.appendChild(el("li", "… and " + (sorted.length - limit) + " more (click to see them all)", "muted"));
    } else if (total > sorted.length) {
      list.appendChild(el("li", "… and " + (total - sorted.length) + " earlier events, not listed on this page", "muted"));
    }
    return list;
  }

  function nodeCard(id, limit) {
    var n = info[id];
    var card = el("div", null, "card");
    card.appendChild(el("h3", n.label));
    var rows = el("dl");
    addRow(rows, "Type", data.types[n.type] || n.type);
    if (n.country) addRow(rows, "Country", data.countries[n.country] || n.country);
    if (n.posts.length) addRow(rows, "Posts held", n.posts.join("; "));
    if (n.aliases.length) addRow(rows, "Also called", n.aliases.join("; "));
    if (n.date) addRow(rows, "Date", n.date);
    addRow(rows, data.measure.name.charAt(0).toUpperCase() + data.measure.name.slice(1), formatValue(n.value));
    addRow(rows, "Events", String(n.count));
    card.appendChild(rows);
    if (n.events.length) card.appendChild(eventList(n.events, limit, n.count));
    return card;
  }

  function edgeCard(id, limit) {
    var edge = edges.get(id);
    var e = edgeInfo[id];
    var card = el("div", null, "card");
    card.appendChild(el("h3", info[edge.from].label + " — " + info[edge.to].label));
    card.appendChild(el("p", e.weight + (e.weight === 1 ? " shared event" : " shared events")));
    if (e.events.length) card.appendChild(eventList(e.events, limit, e.count));
    return card;
  }

  var stage = byId("stage");
  var tooltip = byId("tooltip");
  function showTooltip(content, at) {
    tooltip.replaceChildren(content);
    tooltip.hidden = false;
    var x = at.x + 16, y = at.y + 16;
    if (x + tooltip.offsetWidth > stage.clientWidth) x = Math.max(0, at.x - tooltip.offsetWidth - 16);
    if (y + tooltip.offsetHeight > stage.clientHeight) y = Math.max(0, stage.clientHeight - tooltip.offsetHeight - 4);
    tooltip.style.left = x + "px";
    tooltip.style.top = y + "px";
  }
  function hideTooltip() { tooltip.hidden = true; }
  network.on("hoverNode", function (p) { showTooltip(nodeCard(p.node, 6), p.pointer.DOM); });
  network.on("hoverEdge", function (p) { showTooltip(edgeCard(p.edge, 6), p.pointer.DOM); });
  network.on("blurNode", hideTooltip);
  network.on("blurEdge", hideTooltip);
  network.on("dragStart", hideTooltip);
  network.on("zoom", hideTooltip);

  var details = byId("details");
  function showDetails(card) {
    var close = el("button", "×", "close");
    close.type = "button";
    close.setAttribute("aria-label", "close");
    close.addEventListener("click", function () { details.hidden = true; network.unselectAll(); layoutLabels(); });
    details.replaceChildren(close, card);
    details.hidden = false;
  }
  network.on("click", function (p) {
    // on the site's network pages a node opens its own page
    if (p.nodes.length && data.links && data.links[p.nodes[0]]) {
      window.location.href = data.links[p.nodes[0]];
      return;
    }
    if (p.nodes.length) showDetails(nodeCard(p.nodes[0]));
    else if (p.edges.length) showDetails(edgeCard(p.edges[0]));
    else details.hidden = true;
    layoutLabels();
  });

  // --- search: by name or alias, accents and case folded -------------------------------------

  function fold(text) {
    return String(text).normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/[^a-z0-9]+/g, " ").trim();
  }
  var names = [];
  var listed = {};
  var datalist = byId("names");
  priority.forEach(function (id) {
    [info[id].label].concat(info[id].aliases).forEach(function (name) {
      names.push({ key: fold(name), id: id });
      if (!listed[name]) {
        listed[name] = true;
        var option = el("option");
        option.value = name;
        datalist.appendChild(option);
      }
    });
  });

  function find(text) {
    var key = fold(text);
    if (!key) return null;
    var tests = [
      function (n) { return n.key === key; },
      function (n) { return n.key.indexOf(key) === 0; },
      function (n) { return n.key.indexOf(" " + key) >= 0; },
      function (n) { return n.key.indexOf(key) >= 0; }
    ];
    for (var t = 0; t < tests.length; t++) {
      var found = names.filter(tests[t]);
      if (found.length) {
        // visible nodes first, then the most central (names are in order of size)
        found.sort(function (a, b) { return (hiddenNode[a.id] ? 1 : 0) - (hiddenNode[b.id] ? 1 : 0); });
        return found[0].id;
      }
    }
    return null;
  }

  var searchStatus = byId("search-status");
  function search(text) {
    var id = find(text);
    if (id === null) {
      searchStatus.textContent = "No name matches “" + text + "”.";
      return null;
    }
    if (hiddenNode[id]) {
      searchStatus.textContent = info[id].label + " is hidden by the filters (Show all brings it back).";
      return null;
    }
    searchStatus.textContent = info[id].label;
    network.selectNodes([id]);
    showDetails(nodeCard(id));
    network.focus(id, {
      scale: Math.max(network.getScale(), 1.1),
      // centred in the part of the canvas the details panel leaves free
      offset: { x: -details.offsetWidth / 2, y: 0 },
      animation: { duration: 400, easingFunction: "easeInOutQuad" }
    });
    layoutLabels();
    return id;
  }
  api.search = search;
  var searchBox = byId("search");
  searchBox.addEventListener("keydown", function (event) {
    if (event.key === "Enter") { event.preventDefault(); search(searchBox.value); }
  });
  byId("search-go").addEventListener("click", function () { search(searchBox.value); });

  // --- filters: type, country, institution, period --------------------------------------------

  function checkboxes(fieldset, entries) {
    var keys = Object.keys(entries);
    var boxes = {};
    if (keys.length < 2) { fieldset.hidden = true; return boxes; }
    keys.forEach(function (key) {
      var label = el("label", null, "check");
      var box = el("input");
      box.type = "checkbox";
      box.checked = true;
      box.value = key;
      box.addEventListener("change", applyFilters);
      label.appendChild(box);
      label.appendChild(document.createTextNode(entries[key]));
      fieldset.appendChild(label);
      boxes[key] = box;
    });
    return boxes;
  }
  var typeBoxes = checkboxes(byId("filter-types"), data.types);
  var countryBoxes = checkboxes(byId("filter-countries"), data.countries);

  var institution = byId("filter-institution");
  data.institutions.map(function (name, i) { return [name, i]; })
    .sort(function (a, b) { return a[0].localeCompare(b[0]); })
    .forEach(function (entry) {
      var option = el("option", entry[0]);
      option.value = String(entry[1]);
      institution.appendChild(option);
    });
  if (!data.institutions.length) institution.disabled = true;
  institution.addEventListener("change", applyFilters);

  // facets carry each event's quarter (or year) as first and last day, written in Python (page.py)
  var periodFrom = byId("period-from");
  var periodTo = byId("period-to");
  var dated = facets.filter(function (f) { return f[0]; });
  if (dated.length) {
    var first = dated.reduce(function (m, s) { return s[0] < m ? s[0] : m; }, "9999");
    var last = dated.reduce(function (m, s) { return s[1] > m ? s[1] : m; }, "0000");
    var year = +first.slice(0, 4), quarter = Math.floor((+first.slice(5, 7) - 1) / 3) + 1;
    var endYear = +last.slice(0, 4), endQuarter = Math.floor((+last.slice(5, 7) - 1) / 3) + 1;
    while (year < endYear || (year === endYear && quarter <= endQuarter)) {
      var startMonth = String(3 * quarter - 2).padStart(2, "0");
      var endMonth = String(3 * quarter).padStart(2, "0");
      var from = el("option", year + "Q" + quarter);
      from.value = year + "-" + startMonth + "-01";
      periodFrom.appendChild(from);
      var to = el("option", year + "Q" + quarter);
      to.value = year + "-" + endMonth + "-31";
      periodTo.appendChild(to);
      quarter += 1;
      if (quarter > 4) { quarter = 1; year += 1; }
    }
  } else {
    periodFrom.disabled = true;
    periodTo.disabled = true;
  }
  periodFrom.addEventListener("change", applyFilters);
  periodTo.addEventListener("change", applyFilters);

  function activeFacets() {
    var chosen = institution.value;
    var low = periodFrom.value, high = periodTo.value;
    if (!chosen && !low && !high) return null;
    var active = new Uint8Array(facets.length);
    facets.forEach(function (facet, i) {
      if (chosen ? facet[2] !== +chosen : facet[2] !== -1) return;
      if ((low || high) && (!facet[0] || (low && facet[0] < low) || (high && facet[1] > high))) return;
      active[i] = 1;
    });
    return active;
  }

  function anyActive(indices, active) {
    for (var i = 0; i < indices.length; i++) if (active[indices[i]]) return true;
    return false;
  }

  var visibleStatus = byId("visible");
  function applyFilters() {
    var active = activeFacets();
    var nodeUpdates = [];
    priority.forEach(function (id) {
      var n = info[id];
      var show = !(typeBoxes[n.type] && !typeBoxes[n.type].checked) &&
        !(n.country && countryBoxes[n.country] && !countryBoxes[n.country].checked) &&
        (active === null || anyActive(n.facets, active));
      if (!!hiddenNode[id] === show) {
        hiddenNode[id] = !show;
        nodeUpdates.push({ id: id, hidden: !show });
      }
    });
    var edgeUpdates = [];
    edges.forEach(function (edge) {
      var show = !hiddenNode[edge.from] && !hiddenNode[edge.to] &&
        (active === null || anyActive(edgeInfo[edge.id].facets, active));
      if (!!hiddenEdge[edge.id] === show) {
        hiddenEdge[edge.id] = !show;
        edgeUpdates.push({ id: edge.id, hidden: !show });
      }
    });
    if (nodeUpdates.length) nodes.update(nodeUpdates);
    if (edgeUpdates.length) edges.update(edgeUpdates);
    var selected = network.getSelectedNodes().filter(function (id) { return !hiddenNode[id]; });
    network.selectNodes(selected);
    if (!selected.length) details.hidden = true;
    var shown = api.visible();
    visibleStatus.textContent = "Showing " + shown.nodes + " of " + nodes.length + " nodes, " +
      shown.edges + " of " + edges.length + " ties";
    if (api.stabilized) layoutLabels();
  }
  api.applyFilters = applyFilters;

  byId("reset").addEventListener("click", function () {
    Object.keys(typeBoxes).forEach(function (k) { typeBoxes[k].checked = true; });
    Object.keys(countryBoxes).forEach(function (k) { countryBoxes[k].checked = true; });
    institution.value = "";
    periodFrom.value = "";
    periodTo.value = "";
    applyFilters();
  });
  applyFilters();
})();
