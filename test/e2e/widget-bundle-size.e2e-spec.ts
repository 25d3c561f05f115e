import { describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/**
 * The website widget's weight budgets (docs/widget-protocol.md): the loader every page of a
 * customer's site downloads stays under 6 KB gzipped, the panel (script and stylesheet, loaded on
 * first interaction) under 60 KB. Measured on the production build `npm run test:e2e` makes first.
 */
const DIST = join(__dirname, '../../dist/web/widget');
const KB = 1024;

const gzipped = (...files: string[]): number =>
  files.reduce((total, file) => {
    const path = join(DIST, file);
    if (!existsSync(path)) throw new Error(`${path} is missing: run \`npm run build\` first.`);
    return total + gzipSync(readFileSync(path), { level: 9 }).length;
  }, 0);

describe('widget bundle size', () => {
  it.each([
    ['loader.js', ['loader.js'], 6 * KB],
    ['panel.js + panel.css', ['panel.js', 'panel.css'], 60 * KB],
  ])('%s stays within its gzipped budget', (name, files, budget) => {
    const size = gzipped(...files);
    if (size > budget) {
      throw new Error(
        `${name} is ${size} bytes gzipped, over its budget of ${budget} bytes by ${size - budget}.`,
      );
    }
    expect(size).toBeLessThanOrEqual(budget);
  });
});
