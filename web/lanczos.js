// Lanczos-3 downscaling of opaque RGBA pictures: the filter Pillow calls LANCZOS, the quality
// yardstick of the photo pipeline. Chromium's own "high" resize is an area average, and fine
// stripes (fabric, grilles, mesh) alias into moiré under it. The weights are computed here; the
// arithmetic runs in resample.wasm (WebAssembly SIMD, two taps per instruction).

const PRECISION = 14;
const ONE = 1 << PRECISION;
const LOBES = 3;
const PAGE = 65536;

let compiled = null;

// The kernels, or null where this browser has no WebAssembly SIMD (callers then let the browser resize).
export async function loadKernels() {
  if (compiled === null) {
    compiled = WebAssembly.compileStreaming(fetch(new URL("./resample.wasm", import.meta.url)))
      .catch(() => undefined);
  }
  return (await compiled) || null;
}

function sinc(x) {
  if (x === 0) return 1;
  const angle = x * Math.PI;
  return Math.sin(angle) / angle;
}

function lanczos(x) {
  return x > -LOBES && x < LOBES ? sinc(x) * sinc(x / LOBES) : 0;
}

// Per output index: first input index, tap pairs and 14-bit weights laid out for the kernels
// (pairs of taps, each pair one 16-byte vector [w0 w1] x 4). Centres and bounds follow Pillow's
// resample.c, so the output lines up with its reference pixel for pixel.
export function coefficients(inSize, outSize) {
  const scale = inSize / outSize;
  const stretch = Math.max(scale, 1);
  const support = LOBES * stretch;
  const maxPairs = Math.ceil((Math.ceil(support) * 2 + 1) / 2);
  const first = new Int32Array(outSize);
  const pairs = new Int32Array(outSize);
  const weights = new Int16Array(outSize * maxPairs * 8);
  const exact = new Float64Array(maxPairs * 2);
  const fixed = new Int32Array(maxPairs * 2);
  for (let out = 0; out < outSize; out += 1) {
    const centre = (out + 0.5) * scale;
    const low = Math.max(Math.trunc(centre - support + 0.5), 0);
    const high = Math.min(Math.trunc(centre + support + 0.5), inSize);
    const taps = high - low;
    let total = 0;
    for (let k = 0; k < taps; k += 1) {
      exact[k] = lanczos((k + low - centre + 0.5) / stretch);
      total += exact[k];
    }
    let sum = 0;
    let largest = 0;
    for (let k = 0; k < taps; k += 1) {
      fixed[k] = Math.round((exact[k] / total) * ONE);
      sum += fixed[k];
      if (fixed[k] > fixed[largest]) largest = k;
    }
    fixed[largest] += ONE - sum; // the rounding residue: flat areas keep their exact value
    first[out] = low;
    pairs[out] = Math.ceil(taps / 2);
    const base = out * maxPairs * 8;
    for (let k = 0; k < taps; k += 1) {
      const pair = base + (k >> 1) * 8 + (k & 1);
      for (let lane = 0; lane < 8; lane += 2) weights[pair + lane] = fixed[k];
    }
  }
  return { first, pairs, weights, maxPairs };
}

// A bump allocator over the instance's memory, 16-byte aligned.
function layout(memory, sizes) {
  const offsets = {};
  let end = 0;
  for (const [name, size] of Object.entries(sizes)) {
    offsets[name] = end;
    end += Math.ceil(size / 16) * 16 + 16; // 16 spare bytes: a zero-weight tap may read past the end
  }
  const needed = Math.ceil(end / PAGE) - memory.buffer.byteLength / PAGE;
  if (needed > 0) memory.grow(needed);
  return offsets;
}

function tableBytes(table) {
  return table.first.byteLength + table.pairs.byteLength + table.weights.byteLength;
}

function place(bytes, at, table) {
  const first = at;
  const pairs = first + table.first.byteLength;
  const weights = pairs + table.pairs.byteLength;
  bytes.set(new Uint8Array(table.first.buffer), first);
  bytes.set(new Uint8Array(table.pairs.buffer), pairs);
  bytes.set(new Uint8Array(table.weights.buffer), weights);
  return [first, pairs, weights, table.maxPairs];
}

// Bytes between rows: a multiple of 16, as the columns kernel reads 16 bytes at a time.
function strideOf(width, bytesPerPixel) {
  return Math.ceil((width * bytesPerPixel) / 16) * 16;
}

const SAME_ORDER = Uint8Array.from({ length: 16 }, (_, i) => i);
const BGR_TO_RGB = Uint8Array.from({ length: 16 }, (_, i) => (i % 4 === 3 ? i : i - (i % 4) + 2 - (i % 4)));

// Output rows [from, to) of a picture of width x height resized to outWidth x outHeight, returned
// packed as opaque RGBA. The input is four bytes a pixel in `order` ("RGBA", "RGBX", "BGRA" or
// "BGRX": the filter does not care; the last step puts the channels in RGBA order).
// `readRows(top, count, target, stride)` writes count full-width input rows into target (a view
// of the kernels' memory), stride bytes apart. Band by band, the columns are resampled from just
// the input rows that band needs, then its rows: the full-size picture is never copied whole,
// and any thread can make any share of the output rows without the others.
export async function resampleRows(module, width, height, outWidth, outHeight, from, to, readRows, order,
  bandInputRows = 256) {
  const { exports } = new WebAssembly.Instance(module, {}); // its own memory, released with the job
  const across = coefficients(width, outWidth);
  const down = coefficients(height, outHeight);
  const inStride = strideOf(width, 4);
  const bandRows = Math.max(1, Math.floor((bandInputRows * outHeight) / height));
  const bands = [];
  let widest = 0;
  for (let start = from; start < to; start += bandRows) {
    const end = Math.min(to, start + bandRows);
    let last = 0;
    for (let y = start; y < end; y += 1) last = Math.max(last, down.first[y] + 2 * down.pairs[y]);
    const band = { start, end, top: down.first[start], bottom: Math.min(height, last) };
    widest = Math.max(widest, last - band.top); // a zero-weight tap may read one row past the picture
    bands.push(band);
  }
  const at = layout(exports.memory, {
    across: tableBytes(across), down: tableBytes(down), order: 16,
    input: inStride * widest, middle: 2 * inStride * bandRows, output: outWidth * 4 * (to - from),
  });
  const bytes = new Uint8Array(exports.memory.buffer);
  bytes.set(order.startsWith("BGR") ? BGR_TO_RGB : SAME_ORDER, at.order);
  const acrossArgs = place(bytes, at.across, across);
  const [downFirst, downPairs, downWeights, downMaxPairs] = place(bytes, at.down, down);
  for (const { start, end, top, bottom } of bands) {
    await readRows(top, bottom - top, bytes.subarray(at.input, at.input + inStride * (bottom - top)), inStride);
    exports.columns(at.input - top * inStride, inStride, at.middle, end - start,
      downFirst + start * 4, downPairs + start * 4, downWeights + start * downMaxPairs * 16, downMaxPairs);
    exports.rows(at.middle, 2 * inStride, end - start, at.output + (start - from) * outWidth * 4, outWidth * 4,
      outWidth, ...acrossArgs, at.order);
  }
  return bytes.slice(at.output, at.output + outWidth * 4 * (to - from));
}
