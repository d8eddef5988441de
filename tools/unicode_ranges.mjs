// Print the grapheme-break properties of an @unicode/unicode-X.Y.Z package as JSON:
// {"package": "<name>@<version>", "properties": {"<Prop>/<Value>": [[first, last], ...]}}.
// Read by tools/gen_grapheme_table.py; run it through that script, not by hand.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const root = process.argv[2];
const wanted = [
  "Grapheme_Cluster_Break/CR", "Grapheme_Cluster_Break/LF", "Grapheme_Cluster_Break/Control",
  "Grapheme_Cluster_Break/Extend", "Grapheme_Cluster_Break/ZWJ",
  "Grapheme_Cluster_Break/Regional_Indicator", "Grapheme_Cluster_Break/Prepend",
  "Grapheme_Cluster_Break/SpacingMark", "Grapheme_Cluster_Break/L", "Grapheme_Cluster_Break/V",
  "Grapheme_Cluster_Break/T", "Grapheme_Cluster_Break/LV", "Grapheme_Cluster_Break/LVT",
  "Binary_Property/Extended_Pictographic",
  "Indic_Conjunct_Break/Consonant", "Indic_Conjunct_Break/Extend", "Indic_Conjunct_Break/Linker",
];
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const properties = {};
for (const name of wanted) {
  const module = await import(pathToFileURL(join(root, name, "ranges.mjs")).href);
  // Each range is half-open [begin, end); we print closed [first, last].
  properties[name] = module.default.map((r) => [r.begin, r.end - 1]);
}
process.stdout.write(JSON.stringify({ package: `${pkg.name}@${pkg.version}`, properties }));
