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

function strideOf(outWidth) {
  return Math.ceil((outWidth * 4) / 16) * 16;
}

// Narrow rows [top, top + count) of a picture `width` wide to outWidth pixels, strip by strip:
// `readRows(top, count, target)` fills target (a view of the kernels' memory) with full-width
// rows, four bytes a pixel in any channel order (the filter does not care which), so the
// full-size picture is never copied whole. Writes the narrowed rows at `into` in `bytes`.
async function narrowInto(exports, bytes, at, acrossArgs, width, top, count, outWidth, readRows, stripRows, into) {
  const stride = strideOf(outWidth);
  for (let done = 0; done < count; done += stripRows) {
    const rows = Math.min(stripRows, count - done);
    await readRows(top + done, rows, bytes.subarray(at.strip, at.strip + width * 4 * rows));
    exports.rows(at.strip, width, rows, into + done * stride, stride, outWidth, ...acrossArgs);
  }
}

// A share of the rows pass for another thread: rows [top, top + count) narrowed, returned as
// count rows of strideOf(outWidth) bytes.
export async function narrowShare(module, width, top, count, outWidth, readRows, stripRows = 256) {
  const { exports } = new WebAssembly.Instance(module, {});
  const across = coefficients(width, outWidth);
  const stride = strideOf(outWidth);
  const at = layout(exports.memory, {
    across: tableBytes(across), strip: width * 4 * Math.min(stripRows, count), narrowed: stride * count,
  });
  const bytes = new Uint8Array(exports.memory.buffer);
  const acrossArgs = place(bytes, at.across, across);
  await narrowInto(exports, bytes, at, acrossArgs, width, top, count, outWidth, readRows, stripRows, at.narrowed);
  return bytes.slice(at.narrowed, at.narrowed + stride * count);
}

// Resample a picture of width x height to outWidth x outHeight: the rows first (this thread does
// rows [0, ownRows); `shares` are promises of the narrowed rows after them, made elsewhere by
// narrowShare, in order), then the columns. Returns the output bytes, packed.
export async function downscale(module, width, height, outWidth, outHeight, readRows,
  { stripRows = 256, ownRows = height, shares = [] } = {}) {
  const { exports } = new WebAssembly.Instance(module, {}); // its own memory, released with the job
  const stride = strideOf(outWidth);
  const across = coefficients(width, outWidth);
  const down = coefficients(height, outHeight);
  const at = layout(exports.memory, {
    across: tableBytes(across), down: tableBytes(down),
    strip: width * 4 * Math.min(stripRows, height),
    narrowed: stride * (height + 1), // one spare zero row: a zero-weight tap may read it
    output: stride * outHeight,
  });
  const bytes = new Uint8Array(exports.memory.buffer);
  const acrossArgs = place(bytes, at.across, across);
  const downArgs = place(bytes, at.down, down);
  await narrowInto(exports, bytes, at, acrossArgs, width, 0, ownRows, outWidth, readRows, stripRows, at.narrowed);
  let filled = at.narrowed + ownRows * stride;
  for (const share of shares) {
    const narrowed = await share;
    bytes.set(narrowed, filled);
    filled += narrowed.byteLength;
  }
  if (filled !== at.narrowed + height * stride) throw new Error("the rows pass is incomplete");
  exports.columns(at.narrowed, stride, at.output, outHeight, ...downArgs);
  const result = new Uint8ClampedArray(outWidth * outHeight * 4);
  const rowBytes = outWidth * 4;
  for (let y = 0; y < outHeight; y += 1) {
    result.set(bytes.subarray(at.output + y * stride, at.output + y * stride + rowBytes), y * rowBytes);
  }
  return result;
}
