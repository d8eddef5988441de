// Loading feedback until Python has started; the form works before that without any help.
const root = document.documentElement;
const text = document.getElementById("python-status-text");
const bar = document.getElementById("python-progress");
const pending = document.getElementById("python-status-pending");

// The screen's words before Python, in the language Python will pick (?lang=, the creator's choice kept
// under creatorpost.browser.storage_keys.LANGUAGE, the browser's languages, English:
// creatorpost.languages.pick_language): the build puts that key and what web/index.html needs from
// assets/ui/ in the page (tools/build/dist.py, language_key and boot_text), and they are applied as
// creatorpost.browser.editor's set_language applies them, so a creator reading another language does
// not wait for Python to read the form. Python applies them again when ready.
const BOOT_TEXT = document.getElementById("boot-text");
const CATALOGS = (() => {
  try {
    return JSON.parse(BOOT_TEXT?.textContent || "{}");
  } catch {
    return {}; // the page's own English stays
  }
})();
function storedLanguage() {
  try {
    const key = BOOT_TEXT?.dataset.languageKey;
    return key ? localStorage.getItem(key) : null;
  } catch {
    return null; // a frame denied storage
  }
}
function bootLanguage() {
  const asked = new URLSearchParams(location.search).get("lang");
  for (const tag of [asked || storedLanguage(), ...(navigator.languages || [])]) {
    const primary = String(tag || "").trim().replace("_", "-").split("-")[0].toLowerCase();
    if (primary && CATALOGS[primary]) return primary;
  }
  return "en";
}
const LANG = bootLanguage();
const WORDS = { ...CATALOGS.en?.words, ...CATALOGS[LANG]?.words };
const say = (key, fallback) => WORDS[key] || fallback;

function showLanguage() {
  if (!CATALOGS[LANG] || root.dataset.python !== "loading") return;
  root.lang = LANG;
  root.dir = CATALOGS[LANG].dir || "ltr";
  for (const node of document.querySelectorAll("[data-i18n]")) node.textContent = say(node.dataset.i18n, node.textContent);
  for (const node of document.querySelectorAll("[data-i18n-alt]")) node.alt = say(node.dataset.i18nAlt, node.alt);
  for (const node of document.querySelectorAll("[data-i18n-aria-label]")) {
    node.setAttribute("aria-label", say(node.dataset.i18nAriaLabel, node.getAttribute("aria-label")));
  }
  const picker = document.getElementById("language");
  if (picker?.querySelector(`option[value="${LANG}"]`)) picker.value = LANG;
  text.textContent = say("app.loading", text.textContent);
  bar.setAttribute("aria-label", say("app.loading_label", bar.getAttribute("aria-label")));
}
showLanguage();
if (pending) {
  pending.dataset.text = say("boot.pending", "What you pressed will happen as soon as it is ready.");
  if (pending.textContent) pending.textContent = pending.dataset.text;
}

// PyScript reports its stages as "py:progress" events; each moves the bar one step.
const STAGES = {
  "Loading Pyodide": [15, "boot.starting"],
  "Loading Storage": [30, "boot.starting"],
  "Loading remote packages": [45, "boot.rules"],
  "Loaded remote packages": [60, "boot.rules"],
  "Loading interpreter": [70, "boot.rules"],
  "Loaded Pyodide": [85, "boot.checks"],
};

addEventListener("py:progress", (event) => {
  const stage = STAGES[event.detail];
  if (!stage || root.dataset.python !== "loading") return;
  const [value, key] = stage;
  if (value > bar.value) bar.value = value;
  text.textContent = say(key, text.textContent);
});

// A failure to start must say so in words, not leave a spinner forever.
function failed() {
  if (root.dataset.python === "ready") return;
  root.dataset.python = "failed";
  text.textContent = say("app.failed", "The rule checker could not start. Your text is safe: reload the page to try again.");
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
