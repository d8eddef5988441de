// Each contender turns a Blob into a JPEG Blob fitting maxSide x maxSide at quality 0.85.
// window.bench.once(name, url, width, height, keep) times one run; bench_images.py takes turns.

const QUALITY = 0.85;
const MAX_SIDE = 2000;

const contenders = {
  // createImageBitmap resizing on its own ("high"): our engine's fallback where no worker runs.
  async canvas_resize(blob, width, height) {
    const bitmap = await createImageBitmap(blob, {
      imageOrientation: "from-image", resizeWidth: width, resizeHeight: height, resizeQuality: "high",
    });
    const canvas = new OffscreenCanvas(width, height);
    canvas.getContext("2d").drawImage(bitmap, 0, 0);
    bitmap.close();
    return canvas.convertToBlob({ type: "image/jpeg", quality: QUALITY });
  },

  // Plain canvas: full-size decode, one drawImage downscale, encode.
  async canvas_plain(blob, width, height) {
    const bitmap = await createImageBitmap(blob, { imageOrientation: "from-image" });
    const canvas = new OffscreenCanvas(width, height);
    const context = canvas.getContext("2d");
    context.imageSmoothingQuality = "high";
    context.drawImage(bitmap, 0, 0, width, height);
    bitmap.close();
    return canvas.convertToBlob({ type: "image/jpeg", quality: QUALITY });
  },

  compressorjs(blob) {
    return new Promise((resolve, reject) => {
      new Compressor(blob, {
        quality: QUALITY, maxWidth: MAX_SIDE, maxHeight: MAX_SIDE, mimeType: "image/jpeg",
        convertSize: Infinity, checkOrientation: true, success: resolve, error: reject,
      });
    });
  },

  browser_image_compression(blob) {
    const file = new File([blob], "photo", { type: blob.type });
    return imageCompression(file, {
      maxWidthOrHeight: MAX_SIDE, initialQuality: QUALITY, fileType: "image/jpeg", maxSizeMB: 1000,
      useWebWorker: true,
      libURL: new URL("npm/browser-image-compression/dist/browser-image-compression.js", location.href).href,
    });
  },

  async pica_lanczos3(blob, width, height) {
    const bitmap = await createImageBitmap(blob, { imageOrientation: "from-image" });
    const target = document.createElement("canvas");
    target.width = width;
    target.height = height;
    const resizer = pica();
    await resizer.resize(bitmap, target, { filter: "lanczos3" });
    bitmap.close();
    return resizer.toBlob(target, "image/jpeg", QUALITY);
  },
};

async function base64(blob) {
  const url = await new Promise((resolve) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result);
    reader.readAsDataURL(blob);
  });
  return url.slice(url.indexOf(",") + 1);
}

// One timed run of a contender; the output itself only when `keep` (the last round).
async function once(name, url, width, height, keep) {
  const input = await (await fetch(url)).blob();
  const typed = new Blob([input], { type: url.endsWith(".png") ? "image/png" : "image/jpeg" });
  const started = performance.now();
  const output = await contenders[name](typed, width, height);
  const ms = performance.now() - started;
  return { ms, bytes: output.size, data: keep ? await base64(output) : "" };
}

// The longest the page's main thread went without answering while `work` ran: a message
// ping-pong notes every gap, so this is the worst delay a keystroke would have met.
async function longestPause(work) {
  const channel = new MessageChannel();
  let last = performance.now();
  let worst = 0;
  let running = true;
  channel.port1.onmessage = () => {
    const now = performance.now();
    worst = Math.max(worst, now - last);
    last = now;
    if (running) channel.port2.postMessage(0);
  };
  channel.port2.postMessage(0);
  const started = performance.now();
  await work();
  running = false;
  return { pause: worst, ms: performance.now() - started };
}

// One run of a contender (or of our engine: "ours_worker", "ours_page") under longestPause.
async function pause(name, url, width, height) {
  const input = await (await fetch(url)).blob();
  const typed = new Blob([input], { type: url.endsWith(".png") ? "image/png" : "image/jpeg" });
  if (name.startsWith("ours_")) {
    const where = name.slice(5);
    await window.harness.fit(url, "image", "jpeg", where); // warm-up: worker started, wasm compiled
    return longestPause(() => window.harness.fit(url, "image", "jpeg", where));
  }
  await contenders[name](typed, width, height);
  return longestPause(() => contenders[name](typed, width, height));
}

window.bench = { once, pause, names: Object.keys(contenders) };
document.documentElement.dataset.bench = "ready";
