// The two ways a photo that needs no resizing could leave the device without metadata, timed here:
//   strip    our imaging.strip in Pyodide (the file into Python bytes as the editor reads it, rebuilt,
//            handed back as a Blob)
//   reencode decode with createImageBitmap and encode with OffscreenCanvas at the same size (what the
//            photo worker does for a picture it must re-encode)
// No Python source lives here: the Python function is imported with pyimport.
import { loadPyodide } from "./pyodide/pyodide.mjs";

const root = document.documentElement;

function base64(bytes) {
  let text = "";
  for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(text);
}

async function start() {
  const wheels = await (await fetch("wheels.json")).json();
  const pyodide = await loadPyodide({ indexURL: new URL("./pyodide/", location.href).href });
  await pyodide.loadPackage(wheels.map((name) => new URL(`./wheels/${name}`, location.href).href));
  pyodide.unpackArchive(await (await fetch("source.zip")).arrayBuffer(), "zip", { extractDir: "/home/pyodide/src" });
  pyodide.pyimport("sys").path.insert(0, "/home/pyodide/src/py");
  // The editor's own way in and out of Python: blob_bytes (one copy into Python bytes), then a Blob.
  const blobBytes = pyodide.pyimport("creatorpost.browser.image_engine").blob_bytes;
  const stripMetadata = pyodide.pyimport("creatorpost.imaging.strip").strip_metadata;
  window.bench = {
    async strip(url, format, keep) {
      const blob = await (await fetch(url)).blob();
      const started = performance.now();
      const data = await blobBytes(blob);
      const stripped = stripMetadata(data, format);
      const view = stripped.getBuffer("u8");
      const encoded = new Blob([view.data]); // copies, as the editor's Blob of the result does
      const ms = performance.now() - started;
      view.release();
      data.destroy();
      stripped.destroy();
      const output = new Uint8Array(await encoded.arrayBuffer());
      return { ms, bytes: output.length, data: keep ? base64(output) : "" };
    },
    async reencode(url, type, quality, keep) {
      const blob = await (await fetch(url)).blob();
      const started = performance.now();
      const bitmap = await createImageBitmap(blob, { imageOrientation: "from-image" });
      const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
      canvas.getContext("2d").drawImage(bitmap, 0, 0);
      bitmap.close();
      const encoded = await canvas.convertToBlob(type === "image/jpeg" ? { type, quality } : { type });
      const output = new Uint8Array(await encoded.arrayBuffer());
      const ms = performance.now() - started;
      return { ms, bytes: output.length, data: keep ? base64(output) : "" };
    },
  };
  root.dataset.bench = "ready";
}

start().catch((error) => {
  root.dataset.bench = "failed";
  root.dataset.error = String((error && error.stack) || error);
});
