/* binatgraph site pages: search over an inlined index (the static site) and forms that navigate.
 *
 * Every string from the data is written with textContent; the page makes no request.
 */
(function () {
  "use strict";

  function fold(text) {
    return String(text).normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/[^a-z0-9]+/g, " ").trim();
  }

  // Forms navigate by their GET address (works from disk too, where form submission is restricted).
  Array.prototype.forEach.call(document.querySelectorAll("form[method=get]"), function (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var params = new URLSearchParams();
      new FormData(form).forEach(function (value, key) { if (value) params.append(key, value); });
      var query = params.toString();
      window.location.href = form.getAttribute("action") + (query ? "?" + query : "");
    });
  });

  var holder = document.getElementById("search-index");
  if (!holder) return;
  // [label, kind, href, names...] per entity
  var index = JSON.parse(holder.textContent).map(function (entry) {
    return { label: entry[0], kind: entry[1], href: entry[2], names: entry.slice(3), keys: entry.slice(3).map(fold) };
  });
  var box = document.getElementById("search-box");
  var results = document.getElementById("search-results");
  var status = document.getElementById("search-status");

  function search(text) {
    var wanted = fold(text);
    results.replaceChildren();
    if (!wanted) { status.textContent = ""; return; }
    var hits = [];
    index.forEach(function (entry) {
      var score = 3;
      entry.keys.forEach(function (key) {
        if (key === wanted) score = Math.min(score, 0);
        else if (key.indexOf(wanted) === 0) score = Math.min(score, 1);
        else if (key.indexOf(wanted) >= 0) score = Math.min(score, 2);
      });
      if (score < 3) hits.push({ score: score, entry: entry });
    });
    hits.sort(function (a, b) { return a.score - b.score || fold(a.entry.label).localeCompare(fold(b.entry.label)); });
    hits.slice(0, 50).forEach(function (hit) {
      var li = document.createElement("li");
      var link = document.createElement("a");
      link.href = hit.entry.href;
      link.textContent = hit.entry.label;
      var kind = document.createElement("span");
      kind.className = "muted";
      kind.textContent = " " + hit.entry.kind;
      li.appendChild(link);
      li.appendChild(kind);
      if (hit.entry.names.length > 1) {
        var aliases = document.createElement("span");
        aliases.className = "aliases";
        aliases.textContent = " " + hit.entry.names.slice(1).join(" · ");
        li.appendChild(aliases);
      }
      results.appendChild(li);
    });
    status.textContent = hits.length + " found";
  }

  var initial = new URLSearchParams(window.location.search).get("q") || "";
  if (initial) box.value = initial;
  box.addEventListener("input", function () { search(box.value); });
  search(box.value);
  window.binatgraphSearch = search;
})();
