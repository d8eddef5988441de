// Makes the Python snapshot for a creator's next visit (python_snapshot.mjs), away from the page:
// its own Pyodide, no DOM, no page storage, so nothing of the creator can end up in the snapshot.
import { loadPyodide } from "./pyodide.mjs";
import { makeSnapshot, snapshotStore } from "./python_snapshot.mjs";

self.onmessage = async ({ data: { packages } }) => {
  try {
    await snapshotStore(packages).write(await makeSnapshot(loadPyodide, packages));
    self.postMessage({ kept: true });
  } catch (error) {
    self.postMessage({ kept: false, error: String(error?.stack || error) });
  }
};
