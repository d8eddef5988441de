// Memory snapshots of a started Python, kept on the device in Cache Storage, one per build.
//
// A snapshot is Pyodide's copy of the interpreter's memory (makeMemorySnapshot, restored with
// loadPyodide({_loadSnapshot})) made by a worker after `creatorpost.browser.snapshot.prepare()`,
// plus the two things that memory does not hold: the files of site-packages and the shared
// libraries (pydantic-core) those modules are linked to. A library must sit at the same address
// on restore as when the memory was copied, so both runs load it before Python starts, at the
// first free address (Emscripten's `dynamicLibraries`); Pyodide alone would load it later, wherever
// memory is free then.
//
// Stored as one entry: "CPS1", a JSON header (sections of [path, offset, length], the libraries'
// paths), then the bytes, each part aligned to 16. The entry's URL names the runtime and every
// wheel by their content hashes (`_v/<hash>/`), so a snapshot is never used by another build.

const CACHE = "python-snapshot";
const MAGIC = 0x31535043; // "CPS1"
const ALIGN = 16;
const PREPARE = "from creatorpost.browser.snapshot import prepare; prepare()";
export const CHECK = "from creatorpost.browser.snapshot import check; check()";

/** Where this build's snapshot lives, or null when this browser has no Cache Storage for us. */
export function snapshotStore(packages) {
  let caches;
  try {
    caches = globalThis.caches; // absent outside secure contexts; throws where storage is denied
  } catch {
    return null;
  }
  if (!caches) return null;
  const key = new URL(`snapshot?${new URLSearchParams({ packages: packages.join(" ") })}`, import.meta.url).href;
  const open = () => caches.open(CACHE);
  return {
    async read() {
      const response = await (await open()).match(key);
      return response ? new Uint8Array(await response.arrayBuffer()) : null;
    },
    async write(bundle) {
      const cache = await open();
      await cache.put(key, new Response(bundle, { headers: { "content-type": "application/octet-stream" } }));
      for (const request of await cache.keys()) {
        if (request.url !== key) await cache.delete(request); // an older build's snapshot
      }
    },
    async forget() {
      await (await open()).delete(key);
    },
  };
}

/** loadPyodide options that restore the snapshot in `bytes` (from read()) instead of starting Python
 * afresh, and `release()`, to call once loadPyodide is done: Pyodide keeps its options for the page's
 * life, and the snapshot's 50 MB must not stay with them. Throws if the bytes are not a snapshot. */
export function restoreOptions(bytes) {
  let kept = decode(bytes);
  const libraries = kept.libraries;
  return {
    options: {
      packages: [], // their files come with the snapshot, their modules are in its memory
      _loadSnapshot: { then: (resolve) => resolve(kept.heap) },
      createPyodideModule: preloading(() => libraries.splice(0), kept.heap.byteLength),
      fsInit: (FS) => writeFiles(FS, kept.files),
    },
    release: () => (kept = null),
  };
}

/** Start a Python, prepare it, and return its snapshot as bytes for write(). Runs in a worker. */
export async function makeSnapshot(startPyodide, packages) {
  const libraries = [];
  for (const url of packages) libraries.push(...(await sharedLibraries(url)));
  const pyodide = await startPyodide({ packages, _makeSnapshot: true, createPyodideModule: preloading(() => libraries) });
  const sitePackages = pyodide._api.sitepackages + "/";
  if (libraries.some((library) => !library.path.startsWith(sitePackages))) {
    throw new Error(`site-packages is ${sitePackages}, not where the shared libraries were preloaded`);
  }
  pyodide.runPython(PREPARE);
  const files = readFiles(pyodide.FS, sitePackages);
  // Pyodide 314 lists loaded packages in an object its snapshot expects empty; nothing reads it after restore.
  for (const name of Object.keys(pyodide.loadedPackages)) delete pyodide.loadedPackages[name];
  const heap = pyodide.makeMemorySnapshot();
  return encode({ heap: [["", heap]], files: [...files] }, libraries.map(({ path }) => path));
}

// Emscripten's createPyodideModule, with the shared libraries ([{path, bytes}] from `take()`) loaded
// before Python starts, and room for a snapshot of `memoryBytes`.
function preloading(take, memoryBytes = 0) {
  return async (settings) => {
    const { default: createPyodideModule } = await import("./pyodide.asm.mjs");
    const urls = new Map(take().map(({ path, bytes }) => [path, URL.createObjectURL(new Blob([bytes]))]));
    const locate = settings.locateFile;
    settings.dynamicLibraries = [...urls.keys()];
    settings.locateFile = (path, prefix) => urls.get(path) ?? locate(path, prefix);
    if (memoryBytes) settings.preRun = [...settings.preRun, (module) => module.growMemory(memoryBytes)];
    try {
      return await createPyodideModule(settings);
    } finally {
      for (const url of urls.values()) URL.revokeObjectURL(url);
    }
  };
}

// The .so members of the wheel at `url`, with the path Pyodide will install them at.
async function sharedLibraries(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  const wheel = new Uint8Array(await response.arrayBuffer());
  const found = [];
  for (const entry of zipEntries(wheel)) {
    if (entry.name.endsWith(".so")) found.push({ path: `/lib/python3.14/site-packages/${entry.name}`, bytes: await entry.read() });
  }
  return found;
}

function* zipEntries(zip) {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  let end = zip.byteLength - 22;
  while (end >= 0 && view.getUint32(end, true) !== 0x06054b50) end--;
  if (end < 0) throw new Error("not a zip archive");
  let at = view.getUint32(end + 16, true);
  for (let left = view.getUint16(end + 10, true); left > 0; left--) {
    if (view.getUint32(at, true) !== 0x02014b50) throw new Error("damaged zip directory");
    const method = view.getUint16(at + 10, true);
    const size = view.getUint32(at + 20, true);
    const nameLength = view.getUint16(at + 28, true);
    const local = view.getUint32(at + 42, true);
    const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
    const stored = zip.subarray(start, start + size);
    yield {
      name: new TextDecoder().decode(zip.subarray(at + 46, at + 46 + nameLength)),
      read: () => (method === 0 ? stored.slice() : inflate(stored)),
    };
    at += 46 + nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  }
}

async function inflate(bytes) {
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate-raw"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

function readFiles(FS, folder, found = new Map()) {
  for (const name of FS.readdir(folder)) {
    if (name === "." || name === "..") continue;
    const path = folder + name;
    if (FS.isDir(FS.stat(path).mode)) readFiles(FS, path + "/", found);
    else found.set(path, FS.readFile(path));
  }
  return found;
}

function writeFiles(FS, files) {
  const made = new Set();
  for (const [path, bytes] of files) {
    const folder = path.slice(0, path.lastIndexOf("/"));
    if (!made.has(folder)) FS.mkdirTree(folder);
    made.add(folder);
    FS.writeFile(path, bytes);
  }
}

// ---------------------------------------------------------------- the stored bytes

function encode(sections, libraries) {
  const header = { libraries };
  let size = 0;
  for (const [name, entries] of Object.entries(sections)) {
    header[name] = entries.map(([path, bytes]) => {
      const entry = [path, size, bytes.byteLength];
      size = align(size + bytes.byteLength);
      return entry;
    });
  }
  const text = new TextEncoder().encode(JSON.stringify(header));
  const start = align(8 + text.byteLength);
  const out = new Uint8Array(start + size);
  new DataView(out.buffer).setUint32(0, MAGIC, true);
  new DataView(out.buffer).setUint32(4, text.byteLength, true);
  out.set(text, 8);
  for (const [name, entries] of Object.entries(sections)) {
    entries.forEach(([, bytes], index) => out.set(bytes, start + header[name][index][1]));
  }
  return out;
}

function decode(bytes) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.byteLength < 8 || view.getUint32(0, true) !== MAGIC) throw new Error("not a Python snapshot");
  const length = view.getUint32(4, true);
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + length)));
  const start = align(8 + length);
  const section = (name) => header[name].map(([path, offset, size]) => {
    if (start + offset + size > bytes.byteLength) throw new Error("the Python snapshot is cut short");
    return [path, bytes.subarray(start + offset, start + offset + size)];
  });
  const [[, heap]] = section("heap");
  const files = section("files");
  const byPath = new Map(files);
  const libraries = header.libraries.map((path) => {
    if (!byPath.has(path)) throw new Error(`the Python snapshot lacks ${path}`);
    return { path, bytes: byPath.get(path) };
  });
  return { heap, files, libraries };
}

function align(offset) {
  return Math.ceil(offset / ALIGN) * ALIGN;
}
