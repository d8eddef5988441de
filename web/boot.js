// Loading feedback until Python has started; the form works before that without any help.
const root = document.documentElement;
const text = document.getElementById("python-status-text");
const bar = document.getElementById("python-progress");

// PyScript reports its stages as "py:progress" events; each moves the bar one step.
const STAGES = {
  "Loading Pyodide": [15, "Starting Python…"],
  "Loading Storage": [30, "Starting Python…"],
  "Loading remote packages": [45, "Loading the rules…"],
  "Loaded remote packages": [60, "Loading the rules…"],
  "Loading interpreter": [70, "Loading the rules…"],
  "Loaded Pyodide": [85, "Starting the checks…"],
};

addEventListener("py:progress", (event) => {
  const stage = STAGES[event.detail];
  if (!stage || root.dataset.python !== "loading") return;
  const [value, label] = stage;
  if (value > bar.value) bar.value = value;
  text.textContent = `${label} You can start typing.`;
});

// A failure to start must say so in words, not leave a spinner forever.
function failed() {
  if (root.dataset.python === "ready") return;
  root.dataset.python = "failed";
  text.textContent = "The rule checker could not start. Your text is safe: reload the page to try again.";
  bar.hidden = true;
}
addEventListener("py:error", failed);
addEventListener("error", (event) => {
  if (String(event.filename || "").includes("/_v/")) failed();
});

// Offline after the first visit: sw.js keeps the app's files (web/sw.js). Registered once Python has
// started (or failed to) and the page has loaded, so its downloads never compete with the first start.
function keepForOffline() {
  const unavailable = (error) => console.info("Offline use is not available:", error.message);
  try {
    navigator.serviceWorker?.register("./sw.js").catch(unavailable);
  } catch (error) {
    unavailable(error); // a sandboxed frame may not even read navigator.serviceWorker
  }
}
const started = new MutationObserver(() => {
  if (root.dataset.python === "loading") return;
  started.disconnect();
  if (document.readyState === "complete") keepForOffline();
  else addEventListener("load", keepForOffline, { once: true });
});
started.observe(root, { attributes: true, attributeFilter: ["data-python"] });

// An editor embedded in a partner page may be denied storage (third-party storage blocked, as in
// private windows). PyScript keeps its package cache in IndexedDB and cannot start without one, so
// there it gets a small in-memory IndexedDB; the editor itself tells the creator drafts stay in memory.
function storageDenied() {
  try {
    return !window.localStorage;
  } catch {
    return true;
  }
}

if (storageDenied()) {
  const answer = (result) => {
    const request = {};
    setTimeout(() => request.onsuccess?.({ target: { result } }));
    return request;
  };
  const stores = new Map();
  const store = (name) => {
    if (!stores.has(name)) stores.set(name, new Map());
    const entries = stores.get(name);
    return {
      get: (key) => answer(entries.get(key)),
      getKey: (key) => answer(entries.has(key) ? key : undefined),
      getAllKeys: () => answer([...entries.keys()]),
      put: (value, key) => answer((entries.set(key, value), key)),
      delete: (key) => answer(entries.delete(key) && undefined),
      clear: () => answer(entries.clear()),
      count: () => answer(entries.size),
    };
  };
  const database = (name) => ({
    objectStoreNames: ["entries"],
    transaction: () => ({ objectStore: () => store(name) }),
    close() {},
  });
  Object.defineProperty(window, "indexedDB", { value: { open: (name) => answer(database(name)) }, configurable: true });
}
