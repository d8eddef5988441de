// Reference segmentation for tests/unit/test_graphemes.py: reads a JSON list of strings on
// stdin, prints a JSON list with the grapheme clusters of each (Intl.Segmenter, ICU).
import { readFileSync } from "node:fs";

const texts = JSON.parse(readFileSync(0, "utf8"));
const segmenter = new Intl.Segmenter("und", { granularity: "grapheme" });
const out = texts.map((text) => Array.from(segmenter.segment(text), (s) => s.segment));
process.stdout.write(JSON.stringify({ unicode: process.versions.unicode, icu: process.versions.icu, clusters: out }));
