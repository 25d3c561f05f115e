'use strict';
// What the benches' report.js share: number formats and writing one generated section of
// docs/benchmarks.md between its markers, leaving the rest of the file (hand-written analysis, the
// other benches' sections) as it is.

const fs = require('node:fs');
const path = require('node:path');

/** Integer (or `d` decimals) with thousands separators; n/a when missing. */
const fmt = (x, d = 0) =>
  x === undefined || x === null || Number.isNaN(x)
    ? 'n/a'
    : Number(x)
        .toFixed(d)
        .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
/** Milliseconds: one decimal below 10, none above. */
const ms = (x) => (x === undefined || x === null ? 'n/a' : Number(x).toFixed(x < 10 ? 1 : 0));

/**
 * Replaces the part of `file` from `begin` to `end`, markers included, with `rendered` (which starts
 * and ends with them again). A file that does not exist starts as `newFile`; one without the markers
 * gets `section` (which holds them) appended.
 */
function writeSection(file, { begin, end, rendered, newFile, section }) {
  let text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : newFile;
  if (!text.includes(begin) || !text.includes(end)) text = `${text.trimEnd()}\n\n${section}`;
  const a = text.indexOf(begin);
  const b = text.indexOf(end) + end.length;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text.slice(0, a) + rendered + text.slice(b));
}

/** `node bench/<bench>/report.js <result.json> [docs file]`: re-renders a saved result. */
function reportCli(bench, writeDocs) {
  const [resultFile, out] = process.argv.slice(2);
  if (!resultFile) {
    console.error(
      `usage: node bench/${bench}/report.js <bench/results/${bench}-*.json> [docs/benchmarks.md]`,
    );
    process.exit(64);
  }
  const target = out || path.join(__dirname, '..', '..', 'docs', 'benchmarks.md');
  writeDocs(JSON.parse(fs.readFileSync(resultFile, 'utf8')), target);
  console.log(`wrote ${target}`);
}

module.exports = { fmt, ms, writeSection, reportCli };
