// A browser test drives Chromium, the hub and its workers on a 2-core machine: 60 s per test.
// (Jest 29 reads testTimeout only from the root config, not from a project.)
jest.setTimeout(60000);

// Node 20 adds Symbol.dispose and Symbol.asyncDispose to its own realm only, and Jest runs tests
// in another one, where they are missing; playwright-core needs them (`using` in its bundle). These
// are the symbols Node itself uses.
for (const [name, key] of [
  ['dispose', 'nodejs.dispose'],
  ['asyncDispose', 'nodejs.asyncDispose'],
] as const) {
  if (!(name in Symbol)) Object.defineProperty(Symbol, name, { value: Symbol.for(key) });
}
