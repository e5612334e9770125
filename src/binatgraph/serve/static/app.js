// The query page: lists the named queries, prepares one with its parameters, runs SPARQL, shows a table.
// Text from the graph is always inserted with textContent, never as HTML.
"use strict";

const $ = (id) => document.getElementById(id);
const PREFIXES = [
  ["https://w3id.org/binatgraph/id/", "bgr:"],
  ["https://w3id.org/binatgraph/ontology#", "bg:"],
  ["https://schema.org/", "schema:"],
];
let library = [];

function short(value) {
  for (const [base, prefix] of PREFIXES) {
    if (value.startsWith(base)) return prefix + value.slice(base.length);
  }
  return value;
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
  head.replaceChildren();
  body.replaceChildren();
  if ("boolean" in data) {
    setStatus("answer: " + data.boolean, false);
    return 0;
  }
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
      cell.textContent = term ? (term.type === "uri" ? short(term.value) : term.value) : "";
    }
  }
  return data.results.bindings.length;
}

async function run() {
  setStatus("running…", false);
  try {
    const text = await preparedText();
    const response = await fetch("/sparql", {
      method: "POST",
      headers: { "Content-Type": "application/sparql-query", Accept: "application/sparql-results+json" },
      body: text,
    });
    if (!response.ok) throw new Error(await response.text());
    const rows = render(await response.json());
    const truncated = response.headers.get("X-Binatgraph-Truncated") === "true";
    setStatus(rows + " rows" + (truncated ? " (cut at the server's result cap)" : ""), false);
  } catch (error) {
    setStatus(String(error.message || error), true);
  }
}

$("named").addEventListener("change", chooseNamed);
$("run").addEventListener("click", run);
loadLibrary().catch((error) => setStatus("could not list the named queries: " + error, true));
