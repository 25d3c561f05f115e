import type { AxeResults, ImpactValue } from 'axe-core';
import { readFileSync } from 'node:fs';
import type { Frame, Page } from 'playwright-core';

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface Violation {
  id: string;
  impact: ImpactValue | undefined;
  help: string;
  targets: string[];
}

/**
 * Runs axe-core in one document (a page or an iframe; evaluated like a devtools snippet, so the
 * document's CSP does not apply to the injection; other frames are not entered) and returns the
 * serious and critical violations, printed when there are any.
 */
export async function seriousViolations(target: Page | Frame, what: string): Promise<Violation[]> {
  await target.evaluate(AXE_SOURCE);
  const violations = await target.evaluate(async () => {
    const { axe } = window as unknown as {
      axe: { run(context: Document, options: object): Promise<AxeResults> };
    };
    const results = await axe.run(document, { iframes: false, resultTypes: ['violations'] });
    return results.violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? undefined,
      help: v.help,
      targets: v.nodes.map((n) => n.target.join(' ')),
    }));
  });
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  if (serious.length > 0) console.log(`axe: ${what}\n${JSON.stringify(serious, null, 2)}`);
  return serious;
}
