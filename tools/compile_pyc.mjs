// Compile every .py under the given folders to cpython-314 bytecode with Pyodide itself, so the
// browser imports wheels without compiling them on every visit. Called by build.py:
//   node tools/compile_pyc.mjs <unpacked wheel folder>...
// Unchecked-hash .pyc (PEP 552): the wheel's .py and .pyc come from one build and never drift.
import { loadPyodide } from "../node_modules/pyodide/pyodide.mjs";

const folders = process.argv.slice(2);
const pyodide = await loadPyodide();
let failed = false;
for (const [index, folder] of folders.entries()) {
  const mount = `/compile/${index}`;
  pyodide.FS.mkdirTree(mount);
  pyodide.FS.mount(pyodide.FS.filesystems.NODEFS, { root: folder }, mount);
  const ok = pyodide.runPython(`
import compileall, py_compile
compileall.compile_dir(${JSON.stringify(mount)}, quiet=1,
                       invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH)
`);
  if (!ok) {
    console.error(`could not compile every module in ${folder}`);
    failed = true;
  }
}
process.exit(failed ? 1 : 0);
