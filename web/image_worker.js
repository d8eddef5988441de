// The photo engine's pixel work, off the page's main thread: decode (upright, from the file's own
// orientation), resize, encode. Python decides what to make (creatorpost/imaging/policy.py) and
// drives this worker through creatorpost/browser/image_worker_client.py; nothing here decides.
//
// Requests: {id, op, ...}; every reply is {id, ok: true, ...} or {id, ok: false, error}.
//   fit     {job, bytes, width, height, opaque, orientation} -> {width, height}: the picture,
//           upright, resized (orientation: the file's EXIF value, 1 when none); the picture
//           the job's sample decoded when the worker still has it, else the bytes
//   encode  {job, type, quality, matte}         -> {bytes}: one encoding of a fitted picture
//   release {job}                               -> {}: forget a fitted picture
//   sample  {job, bytes, side}                  -> {rgba}: a side x side nearest-neighbour sample
//   resample {frame, module, width, height, outWidth, outHeight, from, to, order} -> {rows}: output
//           rows [from, to) as RGBA, asked by another copy of this worker (a helper) to use another core
import { loadKernels, resampleRows } from "./lanczos.js";

const STRIP_ROWS = 256; // rows read back at a time: memory stays near one decoded copy
const SHARED_FROM_PIXELS = 4_000_000; // smaller photos: a helper's hand-over costs what it saves
const MAX_HELPERS = 3;
const fitted = new Map();
const opaqueCanvases = new WeakSet(); // fitted pictures with no transparency at all
const helpers = [];

// Another copy of this script, asked for bands of output rows. Started on first need, kept.
class Helper {
  constructor() {
    this.worker = new Worker(new URL(import.meta.url), { type: "module" });
    this.waiting = new Map();
    this.next = 0;
    this.worker.onmessage = ({ data }) => {
      const waiter = this.waiting.get(data.id);
      this.waiting.delete(data.id);
      if (waiter) (data.ok ? waiter.resolve(data) : waiter.reject(new Error(data.error)));
    };
    this.worker.onerror = (event) => {
      event.preventDefault();
      for (const waiter of this.waiting.values()) waiter.reject(new Error("helper stopped"));
      this.waiting.clear();
      this.broken = true;
    };
  }

  call(message, transfer) {
    this.next += 1;
    const id = this.next;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ id, ...message }, transfer);
    });
  }
}

function helperCount(pixels) {
  if (pixels < SHARED_FROM_PIXELS || typeof navigator === "undefined") return 0;
  return Math.min(MAX_HELPERS, Math.max(0, (navigator.hardwareConcurrency || 1) - 1));
}

function helper(index) {
  if (!helpers[index] || helpers[index].broken) helpers[index] = new Helper();
  return helpers[index];
}

function blobOf(bytes) {
  return new Blob([bytes]);
}

const FOUR_BYTE_FRAMES = new Set(["RGBA", "RGBX", "BGRA", "BGRX"]);

// Where the full-resolution rows come from. A VideoFrame over the bitmap copies rows straight
// into the kernels' memory in its own channel order (the filter does not care which), as stored:
// a turned photo comes with its rotation and flip, applied when the small output is drawn.
// Without WebCodecs, a strip canvas is drawn upright and read back as RGBA.
function pixelSource(bitmap, orientation) {
  // A browser whose frames carry no rotation may hand a turned photo's pixels either way: drawn.
  const turnsKnown = typeof VideoFrame === "function" && "rotation" in VideoFrame.prototype;
  if (typeof VideoFrame === "function" && (orientation === 1 || turnsKnown)) {
    const frame = new VideoFrame(bitmap, { timestamp: 0 });
    const rotation = frame.rotation || 0;
    const quarter = rotation === 90 || rotation === 270;
    const [width, height] = quarter ? [bitmap.height, bitmap.width] : [bitmap.width, bitmap.height];
    if (FOUR_BYTE_FRAMES.has(frame.format) && frame.codedWidth === width && frame.codedHeight === height) {
      return {
        order: frame.format, width, height, quarter, frame,
        turn: { rotation, flip: Boolean(frame.flip) },
        read: (top, count, target, stride) => frameRows(frame, width, top, count, target, stride),
        close: () => frame.close(),
      };
    }
    frame.close();
  }
  const strip = new OffscreenCanvas(bitmap.width, Math.min(STRIP_ROWS, bitmap.height));
  const context = strip.getContext("2d", { willReadFrequently: true, alpha: false });
  return {
    order: "RGBA", width: bitmap.width, height: bitmap.height, quarter: false, turn: null, frame: null,
    read: async (top, count, target, stride) => {
      for (let done = 0; done < count; done += STRIP_ROWS) {
        const rows = Math.min(STRIP_ROWS, count - done);
        context.drawImage(bitmap, 0, top + done, bitmap.width, rows, 0, 0, bitmap.width, rows);
        const pixels = context.getImageData(0, 0, bitmap.width, rows).data;
        const rowBytes = bitmap.width * 4;
        for (let y = 0; y < rows; y += 1) {
          target.set(pixels.subarray(y * rowBytes, (y + 1) * rowBytes), (done + y) * stride);
        }
      }
    },
    close: () => {},
  };
}

function frameRows(frame, width, top, count, target, stride) {
  return frame.copyTo(target, { rect: { x: 0, y: top, width, height: count }, layout: [{ offset: 0, stride }] });
}

// The output rows split in equal bands: this worker makes the first, helpers the others, each
// reading the input rows its band needs from its own clone of the frame. A helper that fails
// hands its band back.
function resampleShared(kernels, source, outWidth, outHeight) {
  const count = source.frame ? helperCount(source.width * source.height) : 0;
  const band = Math.ceil(outHeight / (count + 1));
  const own = (from, to) => resampleRows(kernels, source.width, source.height, outWidth, outHeight, from, to,
    source.read, source.order);
  const parts = [own(0, Math.min(band, outHeight))];
  for (let index = 0, from = band; from < outHeight; index += 1, from += band) {
    const to = Math.min(outHeight, from + band);
    const frame = source.frame.clone();
    const request = {
      op: "resample", frame, module: kernels, width: source.width, height: source.height, outWidth, outHeight, from, to,
      order: source.order,
    };
    parts.push(helper(index).call(request, [frame])
      .then((reply) => new Uint8Array(reply.rows))
      .catch(() => own(from, to)));
  }
  return Promise.all(parts);
}

async function resample({ frame, module, width, height, outWidth, outHeight, from, to, order }) {
  try {
    const read = (top, count, target, stride) => frameRows(frame, width, top, count, target, stride);
    const rows = await resampleRows(module, width, height, outWidth, outHeight, from, to, read, order);
    return [{ rows: rows.buffer }, [rows.buffer]];
  } finally {
    frame.close();
  }
}

async function lanczosFit(kernels, bitmap, width, height, orientation) {
  const source = pixelSource(bitmap, orientation);
  const [outWidth, outHeight] = source.quarter ? [height, width] : [width, height];
  const pixels = new Uint8ClampedArray(outWidth * outHeight * 4);
  try {
    let offset = 0;
    for (const part of await resampleShared(kernels, source, outWidth, outHeight)) {
      pixels.set(part, offset);
      offset += part.byteLength;
    }
  } finally {
    source.close();
  }
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext("2d", { alpha: false });
  opaqueCanvases.add(canvas);
  if (!source.turn || (!source.turn.rotation && !source.turn.flip)) {
    context.putImageData(new ImageData(pixels, width, height), 0, 0);
  } else {
    // Still as stored: a frame with the picture's rotation and flip draws it upright.
    const frame = new VideoFrame(pixels, {
      format: "RGBX", codedWidth: outWidth, codedHeight: outHeight, timestamp: 0, ...source.turn,
    });
    context.drawImage(frame, 0, 0, width, height);
    frame.close();
  }
  return canvas;
}

function takeDecoded(job) {
  if (!decoded || decoded.job !== job) return null;
  const { bitmap, timer } = decoded;
  clearTimeout(timer);
  decoded = null;
  return bitmap;
}

async function fit({ job, bytes, width, height, opaque, orientation = 1 }) {
  const kept = takeDecoded(job);
  const [bitmap, kernels] = await Promise.all([
    kept || createImageBitmap(blobOf(bytes), { imageOrientation: "from-image" }), loadKernels(),
  ]);
  try {
    let picture;
    if (bitmap.width === width && bitmap.height === height) {
      picture = bitmap;
    } else if (kernels && opaque && width <= bitmap.width && height <= bitmap.height) {
      picture = await lanczosFit(kernels, bitmap, width, height, orientation);
    } else {
      // Transparency, an enlargement or no WebAssembly SIMD: the browser's own resize.
      picture = await createImageBitmap(bitmap, { resizeWidth: width, resizeHeight: height, resizeQuality: "high" });
    }
    fitted.set(job, picture);
    return { width: picture.width, height: picture.height };
  } finally {
    if (fitted.get(job) !== bitmap) bitmap.close();
  }
}

async function encode({ job, type, quality, matte }) {
  const picture = fitted.get(job);
  if (!picture) throw new Error(`no fitted picture ${job}`);
  if (type === "image/jpeg" && opaqueCanvases.has(picture)) {
    return blobBytes(await picture.convertToBlob({ type, quality })); // nothing to put under it
  }
  const canvas = new OffscreenCanvas(picture.width, picture.height);
  const context = canvas.getContext("2d", { alpha: type === "image/png" });
  if (type !== "image/png") {
    // JPEG has no alpha: transparent areas go over the matte, as Pillow does.
    const [red, green, blue] = matte;
    context.fillStyle = `rgb(${red}, ${green}, ${blue})`;
    context.fillRect(0, 0, picture.width, picture.height);
  }
  context.drawImage(picture, 0, 0);
  return blobBytes(await canvas.convertToBlob(type === "image/jpeg" ? { type, quality } : { type }));
}

async function blobBytes(blob) {
  const buffer = await blob.arrayBuffer();
  return [{ bytes: buffer }, [buffer]];
}

function release({ job }) {
  forgetDecoded(job);
  const picture = fitted.get(job);
  fitted.delete(job);
  if (picture && picture.close) picture.close();
  return {};
}

// The picture a sample was taken from, kept for the fit that usually follows (a PNG is then
// decoded once, not twice); dropped when another comes, when its job ends, or after a while.
let decoded = null;
const DECODED_KEPT_MS = 30_000;

function forgetDecoded(job) {
  if (decoded && (job === undefined || decoded.job === job)) {
    clearTimeout(decoded.timer);
    decoded.bitmap.close();
    decoded = null;
  }
}

async function sample({ job, bytes, side }) {
  const bitmap = await createImageBitmap(blobOf(bytes), { imageOrientation: "from-image" });
  const canvas = new OffscreenCanvas(side, side);
  const context = canvas.getContext("2d", { willReadFrequently: true });
  context.imageSmoothingEnabled = false; // nearest neighbour: a flat graphic keeps its few colours
  context.drawImage(bitmap, 0, 0, side, side);
  const rgba = context.getImageData(0, 0, side, side).data;
  forgetDecoded();
  decoded = { job, bitmap, timer: setTimeout(() => forgetDecoded(job), DECODED_KEPT_MS) };
  return [{ rgba }, [rgba.buffer]];
}

const operations = { fit, encode, release, sample, resample };

self.onmessage = async (event) => {
  const { id, op } = event.data;
  try {
    const operation = operations[op];
    if (!operation) throw new Error(`unknown operation ${op}`);
    const result = await operation(event.data);
    const [reply, transfer] = Array.isArray(result) ? result : [result, []];
    self.postMessage({ id, ok: true, ...reply }, transfer);
  } catch (error) {
    self.postMessage({ id, ok: false, error: String((error && error.message) || error) });
  }
};
