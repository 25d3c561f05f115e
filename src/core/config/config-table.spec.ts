import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { configTableMarkdown } from './config-table';

describe('configuration table', () => {
  it('is what the README shows (run `npm run cli -- config` and paste it when this fails)', () => {
    const readme = readFileSync(join(__dirname, '..', '..', '..', 'README.md'), 'utf8');
    expect(readme).toContain(configTableMarkdown());
  });

  it('documents a default for the connection settings', () => {
    expect(configTableMarkdown()).toMatch(
      /`DATABASE_URL` \| `postgres:\/\/postgres@127\.0\.0\.1:5432\/switchboard`/,
    );
  });
});
