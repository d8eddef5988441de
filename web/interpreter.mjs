// PyScript's `interpreter` setting points here (build.py puts this file beside pyodide.mjs): PyScript
// still does everything else; this module only decides how Pyodide starts.
//
// A returning creator's Python is restored from a memory snapshot kept on the device
// (python_snapshot.mjs), checked, and dropped on any failure for a normal start. After a normal
// start, once the editor is ready and the page idle, a worker makes the snapshot for next time.
// `<html data-snapshot>` says what happened: restored, dropped, making, kept, failed.
// `<meta name="creatorpost-snapshot" content="off">` turns all of it off.
import { loadPyodide as startPyodide, version } from "./pyodide.mjs";
import { CHECK, restoreOptions, snapshotStore } from "./python_snapshot.mjs";

export { version };

const root = document.documentElement;

export async function loadPyodide(options) {
  const packages = (options.packages ?? []).map((url) => new URL(url, document.baseURI).href);
  let store = snapshotsOn() ? snapshotStore(packages) : null;
  const bytes = await store?.read().catch(() => (store = null)); // storage refused: start as usual
  if (bytes) {
    let restoring;
    try {
      restoring = restoreOptions(bytes);
      const pyodide = await startPyodide({ ...options, ...restoring.options });
      pyodide.runPython(CHECK);
      root.dataset.snapshot = "restored";
      return pyodide;
    } catch (error) {
      await forget(store, error);
    } finally {
      restoring?.release();
    }
  }
  const pyodide = await startPyodide(options);
  if (store) whenReadyAndIdle(() => makeInWorker(packages));
  return pyodide;
}

function snapshotsOn() {
  return document.querySelector('meta[name="creatorpost-snapshot"]')?.content !== "off";
}

async function forget(store, error) {
  console.warn("The kept Python snapshot could not be used; Python starts normally.", error);
  root.dataset.snapshot = "dropped";
  await store.forget().catch(() => {});
}

function whenReadyAndIdle(callback) {
  const idle = () => (globalThis.requestIdleCallback ? requestIdleCallback(callback, { timeout: 2000 }) : setTimeout(callback, 0));
  const started = new MutationObserver(() => {
    if (root.dataset.python === "loading") return;
    started.disconnect();
    if (root.dataset.python === "ready") idle();
  });
  started.observe(root, { attributes: true, attributeFilter: ["data-python"] });
}

function makeInWorker(packages) {
  let worker;
  const done = (outcome, detail) => {
    root.dataset.snapshot = outcome;
    if (detail) console.info("No Python snapshot was kept for the next visit:", detail);
    worker?.terminate();
  };
  try {
    worker = new Worker(new URL("./snapshot_worker.mjs", import.meta.url), { type: "module" });
  } catch (error) {
    return done("failed", error); // a page whose policy allows no worker
  }
  root.dataset.snapshot = "making";
  worker.onmessage = ({ data }) => done(data.kept ? "kept" : "failed", data.error);
  worker.onerror = (event) => done("failed", event.message || "the worker did not start");
  worker.postMessage({ packages });
}
