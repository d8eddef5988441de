// Each contender turns a Blob into a JPEG Blob fitting maxSide x maxSide at quality 0.85.
// window.bench.run(name, url, width, height, runs) times `runs` runs after one warm-up.

const QUALITY = 0.85;
const MAX_SIDE = 2000;

const contenders = {
  // The calls our browser engine makes, without Python around them.
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

async function run(name, url, width, height, runs) {
  const input = await (await fetch(url)).blob();
  const typed = new Blob([input], { type: url.endsWith(".png") ? "image/png" : "image/jpeg" });
  const impl = contenders[name];
  let output = await impl(typed, width, height); // warm-up: code paths, workers, wasm compiled
  const times = [];
  for (let i = 0; i < runs; i += 1) {
    const started = performance.now();
    output = await impl(typed, width, height);
    times.push(performance.now() - started);
  }
  return { times, bytes: output.size, data: await base64(output) };
}

window.bench = { run, names: Object.keys(contenders) };
document.documentElement.dataset.bench = "ready";
