// The query page: lists the named queries, prepares one with its parameters, runs SPARQL, shows a table
// and offers it as CSV. Text from the graph is always inserted with textContent, never as HTML.
"use strict";

const $ = (id) => document.getElementById(id);
let library = [];
let namespaces = []; // [namespace, prefix], longest namespace first, from the server's /api/prefixes
let csvUrl = null;
const SITE_BASE = "https://w3id.org/binatgraph/id/"; // IRIs with a page on this server

// An IRI as prefix:local when a project prefix covers it and the rest is a plain name, as
// `binatgraph query` prints it (binatgraph.schema.prefixes.shorten); otherwise the IRI itself.
const LOCAL = /^[\p{L}\p{N}_][\p{L}\p{N}_.-]*$/u;
function short(value) {
  for (const [namespace, prefix] of namespaces) {
    if (value.startsWith(namespace) && LOCAL.test(value.slice(namespace.length))) {
      return prefix + ":" + value.slice(namespace.length);
    }
  }
  return value;
}

async function loadPrefixes() {
  const response = await fetch("/api/prefixes");
  if (!response.ok) throw new Error(await response.text());
  const map = await response.json();
  namespaces = Object.entries(map)
    .map(([prefix, namespace]) => [namespace, prefix])
    .sort((a, b) => b[0].length - a[0].length);
}

// One CSV field as RFC 4180 writes it (and the endpoint's text/csv): quoted when it must be.
function csvField(text) {
  return /[",\r\n]/.test(text) ? '"' + text.replaceAll('"', '""') + '"' : text;
}

// The result as the endpoint's CSV (SPARQL 1.1 CSV: whole IRIs, plain values), for the download link.
function toCsv(data) {
  const lines = [data.head.vars.map(csvField).join(",")];
  for (const binding of data.results.bindings) {
    const fields = data.head.vars.map((name) => csvField(binding[name] ? binding[name].value : ""));
    lines.push(fields.length === 1 && fields[0] === "" ? '""' : fields.join(",")); // not a blank line
  }
  return lines.join("\r\n") + "\r\n";
}

function offerCsv(data) {
  const link = $("download");
  if (csvUrl) URL.revokeObjectURL(csvUrl);
  csvUrl = data ? URL.createObjectURL(new Blob([toCsv(data)], { type: "text/csv;charset=utf-8" })) : null;
  link.hidden = !csvUrl;
  if (csvUrl) link.href = csvUrl;
  else link.removeAttribute("href");
}

function clearResults() {
  $("results").tHead.replaceChildren();
  $("results").tBodies[0].replaceChildren();
  offerCsv(null);
}

function setStatus(text, isError) {
  $("status").textContent = text;
  $("status").className = isError ? "error" : "";
}

function showParams(query) {
  const box = $("params");
  box.replaceChildren();
  for (const param of query ? query.params : []) {
    const label = document.createElement("label");
    label.textContent = param.name;
    label.htmlFor = "param-" + param.name;
    const input = document.createElement("input");
    input.id = "param-" + param.name;
    input.name = param.name;
    input.value = param.default || "";
    input.title = param.description || "";
    box.append(label, input);
  }
}

async function loadLibrary() {
  const response = await fetch("/api/queries");
  library = await response.json();
  for (const query of library) {
    const option = document.createElement("option");
    option.value = query.name;
    option.textContent = query.name + " — " + query.title;
    $("named").append(option);
  }
}

async function chooseNamed() {
  const query = library.find((q) => q.name === $("named").value);
  $("description").textContent = query ? query.description : "";
  showParams(query);
  if (query) $("query").value = query.text;
}

async function preparedText() {
  const name = $("named").value;
  if (!name) return $("query").value;
  const params = new URLSearchParams();
  for (const input of $("params").querySelectorAll("input")) {
    if (input.value) params.set(input.name, input.value);
  }
  const response = await fetch("/api/queries/" + encodeURIComponent(name) + "?" + params);
  if (!response.ok) throw new Error(await response.text());
  return (await response.json()).query;
}

function render(data) {
  const head = $("results").tHead;
  const body = $("results").tBodies[0];
  clearResults();
  if ("boolean" in data) return null;
  const row = head.insertRow();
  for (const name of data.head.vars) {
    const th = document.createElement("th");
    th.textContent = name;
    row.append(th);
  }
  for (const binding of data.results.bindings) {
    const tr = body.insertRow();
    for (const name of data.head.vars) {
      const cell = tr.insertCell();
      const term = binding[name];
      if (term && term.type === "uri" && term.value.indexOf(SITE_BASE) === 0) {
        // an IRI of this graph links to its page on this server (its path is the IRI's)
        var link = document.createElement("a");
        link.href = "/id/" + term.value.slice(SITE_BASE.length);
        link.textContent = short(term.value);
        cell.appendChild(link);
      } else {
        cell.textContent = term ? (term.type === "uri" ? short(term.value) : term.value) : "";
      }
    }
  }
  offerCsv(data);
  return data.results.bindings.length;
}

async function run() {
  setStatus("running…", false);
  try {
    await prefixesLoaded;
    const text = await preparedText();
    const response = await fetch("/sparql", {
      method: "POST",
      headers: { "Content-Type": "application/sparql-query", Accept: "application/sparql-results+json" },
      body: text,
    });
    const json = (response.headers.get("Content-Type") || "").includes("json");
    if (response.status === 406 || (response.ok && !json)) {
      throw new Error("this page shows SELECT and ASK results; run CONSTRUCT and DESCRIBE at /sparql");
    }
    if (!response.ok) throw new Error(await response.text());
    const data = await response.json();
    const rows = render(data);
    if (rows === null) {
      setStatus("answer: " + data.boolean, false);
      return;
    }
    // the server says a cut result in the JSON head (and the X-Binatgraph-Truncated header)
    const head = data.head || {};
    const truncated = head.truncated === true || response.headers.get("X-Binatgraph-Truncated") === "true";
    const limit = head.limit ? " of " + head.limit + " rows" : "";
    const cut = truncated ? " (cut at the server's result cap" + limit + "; more rows match)" : "";
    setStatus(rows + " rows" + cut, false);
  } catch (error) {
    clearResults(); // a failed query leaves no earlier answer on the page to be mistaken for its own
    setStatus(String(error.message || error), true);
  }
}

$("named").addEventListener("change", chooseNamed);
$("run").addEventListener("click", run);
loadLibrary().catch((error) => setStatus("could not list the named queries: " + error, true));
const prefixesLoaded = loadPrefixes().catch((error) =>
  setStatus("could not read the prefixes (IRIs show whole): " + error, true),
);
