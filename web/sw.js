// Offline after the first visit: this worker keeps the editor's own files on the device.
// build.py fills the two slots from dist/manifest.json and serves the result at the root of dist/,
// so the whole app is in scope. Only same-origin files are cached; API answers never are.
const VERSION = "{{cache_version}}";
const PRECACHE = {{precache}};

const PREFIX = "creatorpost-";
const CACHE = PREFIX + VERSION;
const SHELL = new URL("./", self.location).href;
const VERSIONED = new URL("./_v/", self.location).href;
// Chromium keeps the compiled code of a WebAssembly module beside the HTTP cache entry it was streamed
// from, so a returning creator's Python skips most of its compiling; a response from Cache Storage has
// its own slot, empty until a long enough visit served from it, and one this worker fetches has none.
// So in Chromium, online, the .wasm files go to the network as if this worker did not exist (their
// immutable `_v/` URLs are answered by the HTTP cache); offline, and in other browsers, from here.
const COMPILED_BESIDE_HTTP_CACHE = Boolean(self.navigator.userAgentData?.brands?.some((b) => b.brand === "Chromium"));

self.addEventListener("install", (event) => {
  // Registered after the page has started Python, so these mostly come from the HTTP cache.
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(PRECACHE)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith(PREFIX) && name !== CACHE) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  if (request.url.startsWith(VERSIONED)) {
    if (request.url.endsWith(".wasm") && COMPILED_BESIDE_HTTP_CACHE && self.navigator.onLine) return;
    event.respondWith(cacheFirst(request));
  } else if (request.mode === "navigate" && isShell(request.url)) {
    event.respondWith(networkFirst(request));
  }
  // Anything else (/api/, /healthz, other origins) goes to the network as if this worker did not exist.
});

function isShell(url) {
  const { origin, pathname } = new URL(url);
  const page = origin + pathname;
  return page === SHELL || page === SHELL + "index.html";
}

// A /_v/ URL names its bytes, so a cached copy is always right.
async function cacheFirst(request) {
  const cache = await caches.open(CACHE);
  return (await cache.match(request, { ignoreVary: true })) || fetch(request);
}

// The network first, so a new deploy is picked up when online; the shell of this build when not.
async function networkFirst(request) {
  try {
    return await fetch(request);
  } catch (error) {
    const cache = await caches.open(CACHE);
    const shell = await cache.match(SHELL, { ignoreVary: true });
    if (shell) return shell;
    throw error;
  }
}
