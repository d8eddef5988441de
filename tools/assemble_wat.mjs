// Assemble a WebAssembly text file into its binary: node tools/assemble_wat.mjs in.wat out.wasm
// (build.py runs it with the pinned wabt from node_modules; the output is deterministic).
import { readFileSync, writeFileSync } from "node:fs";
import { basename } from "node:path";
import initWabt from "wabt";

const [source, target] = process.argv.slice(2);
if (!source || !target) {
  console.error("usage: node tools/assemble_wat.mjs in.wat out.wasm");
  process.exit(2);
}
const wabt = await initWabt();
const module = wabt.parseWat(basename(source), readFileSync(source, "utf8"), { simd: true });
try {
  module.validate();
  writeFileSync(target, module.toBinary({ write_debug_names: false }).buffer);
} finally {
  module.destroy();
}
