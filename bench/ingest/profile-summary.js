'use strict';
// Summarises a .cpuprofile (from hub-probe.js or node --cpu-prof): self time by package / hub module
// and the top functions. Usage: node bench/ingest/profile-summary.js <file.cpuprofile> [topN]
// Also used by run.js (module.exports.summarizeProfile).

const fs = require('node:fs');

function bucketOf(url, fn) {
  if (!url) {
    if (fn === '(garbage collector)') return '(gc)';
    if (fn === '(idle)') return '(idle)';
    if (fn === '(program)') return '(program: native, not attributed)';
    return `(native) ${fn}`;
  }
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + 'node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  if (url.startsWith('node:')) return `node:${url.slice(5).split('/')[0]}`;
  const src = url.indexOf('/src/');
  if (src >= 0) {
    const parts = url.slice(src + 5).split('/');
    return `hub:${parts.length > 1 ? parts.slice(0, parts[0] === 'core' || parts[0] === 'connectors' ? 2 : 1).join('/') : parts[0]}`;
  }
  return url;
}

function summarizeProfile(profile, topN = 25) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  let total = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const dt = profile.timeDeltas[i] || 0;
    self.set(profile.samples[i], (self.get(profile.samples[i]) || 0) + dt);
    total += dt;
  }
  const buckets = new Map();
  const fns = new Map();
  for (const [id, us] of self) {
    const n = byId.get(id);
    const { functionName, url, lineNumber } = n.callFrame;
    const b = bucketOf(url, functionName);
    buckets.set(b, (buckets.get(b) || 0) + us);
    const f = `${functionName || '(anonymous)'} ${url ? `${url.replace(/^.*node_modules\//, '').replace(/^.*\/(dist|hub-build)\//, '')}:${lineNumber + 1}` : ''}`;
    fns.set(f, (fns.get(f) || 0) + us);
  }
  const pct = (us) => Number(((100 * us) / total).toFixed(1));
  const busy = total - (buckets.get('(idle)') || 0);
  const top = (m) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, topN)
      .map(([k, us]) => ({
        what: k,
        pct_of_wall: pct(us),
        pct_of_busy: Number(((100 * us) / busy).toFixed(1)),
      }));
  return {
    wall_s: Number((total / 1e6).toFixed(2)),
    busy_pct: pct(busy),
    by_package: top(buckets),
    top_functions: top(fns),
  };
}

module.exports = { summarizeProfile };

if (require.main === module) {
  const [file, n] = process.argv.slice(2);
  if (!file) {
    console.error('usage: node bench/ingest/profile-summary.js <file.cpuprofile> [topN]');
    process.exit(64);
  }
  const s = summarizeProfile(JSON.parse(fs.readFileSync(file, 'utf8')), Number(n) || 25);
  console.log(JSON.stringify(s, null, 1));
}
