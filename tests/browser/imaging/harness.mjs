// Start Pyodide from the local copy, install the wheels and our source tree, then say "ready".
// No Python source lives here: Python functions are imported and called through pyimport.
import { loadPyodide } from "./pyodide/pyodide.mjs";

const root = document.documentElement;

async function start() {
  const wheels = await (await fetch("wheels.json")).json();
  const pyodide = await loadPyodide({ indexURL: new URL("./pyodide/", location.href).href });
  await pyodide.loadPackage(wheels.map((name) => new URL(`./wheels/${name}`, location.href).href));
  const source = await (await fetch("source.zip")).arrayBuffer();
  pyodide.unpackArchive(source, "zip", { extractDir: "/home/pyodide/src" });
  pyodide.pyimport("sys").path.insert(0, "/home/pyodide/src/py");
  const runner = pyodide.pyimport("creatorpost.testing.browser_images");
  // where: "worker" (the editor's way: pixels off the main thread), "page" (the fallback), or
  // "lost" (a worker script that cannot load: the engine must notice and fall back).
  const scripts = { worker: "./app/image_worker.js", lost: "./app/no_such_worker.js" };
  const workerUrl = (where) => (scripts[where] ? new URL(scripts[where], location.href).href : "");
  window.harness = {
    // JSON text in, JSON text out: one conformance run over the vectors under ./vectors/.
    conformance: (rowsJson, engine = "browser", where = "worker") =>
      runner.conformance_json(rowsJson, new URL("./vectors/", location.href).href, engine, workerUrl(where)),
    // Our engine on one file: {ms, width, height, bytes, format, data (base64)}.
    fit: (url, role, format = "", where = "worker") =>
      runner.fit_json(new URL(url, location.href).href, role, format, workerUrl(where)),
  };
  root.dataset.harness = "ready";
}

start().catch((error) => {
  root.dataset.harness = "failed";
  root.dataset.error = String(error && error.stack || error);
});
