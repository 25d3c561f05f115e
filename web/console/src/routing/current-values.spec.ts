import { describe, expect, it } from '@jest/globals';
import {
  routerDraft,
  routerSecretProblem,
  routerVariables,
  rowsToSkills,
  skillRows,
  tiersByAgent,
} from './current-values';

describe('skillRows', () => {
  it('lists the reported skills by name, with their levels', () => {
    expect(skillRows({ support: 2, arabic: 5, billing: 3 })).toEqual([
      { name: 'arabic', level: 5 },
      { name: 'billing', level: 3 },
      { name: 'support', level: 2 },
    ]);
  });

  it.each([[{}], [null], [undefined]])('has no rows for %p', (skills) => {
    expect(skillRows(skills)).toEqual([]);
  });

  it('keeps a level the select can show', () => {
    expect(skillRows({ a: 9, b: 0, c: Number.NaN })).toEqual([
      { name: 'a', level: 5 },
      { name: 'b', level: 1 },
      { name: 'c', level: 3 },
    ]);
  });

  it('round-trips through rowsToSkills, which trims, lower-cases and drops blank rows', () => {
    const skills = { arabic: 5, billing: 3 };
    expect(rowsToSkills(skillRows(skills))).toEqual(skills);
    expect(
      rowsToSkills([
        { name: ' Billing ', level: 4 },
        { name: '  ', level: 2 },
      ]),
    ).toEqual({ billing: 4 });
  });
});

describe('tiersByAgent', () => {
  it('maps each member to the tier the hub reports', () => {
    expect(
      tiersByAgent([
        { agentId: 'a1', tier: 'FIRST' },
        { agentId: 'a2', tier: 'LAST' },
      ]),
    ).toEqual({ a1: 'FIRST', a2: 'LAST' });
    expect(tiersByAgent(undefined)).toEqual({});
  });
});

describe('the external router form', () => {
  const router = { url: 'https://router.example/pick', timeoutMs: 800 };

  it('starts from the stored URL and timeout, never a secret', () => {
    expect(routerDraft(router)).toEqual({ url: 'https://router.example/pick', secret: '', timeoutMs: '800' });
    expect(routerDraft(null)).toEqual({ url: '', secret: '', timeoutMs: '500' });
  });

  it('asks for the secret again before changing a stored router', () => {
    const draft = { ...routerDraft(router), timeoutMs: '1200' };
    expect(routerSecretProblem(draft, router)).toBe('externalRouterSecretAgain');
    expect(routerSecretProblem({ ...draft, secret: '   ' }, router)).toBe('externalRouterSecretAgain');
    expect(routerSecretProblem({ ...draft, secret: 'whsec_abc' }, router)).toBeNull();
  });

  it('asks for a secret when there is no router yet', () => {
    const draft = { url: 'https://router.example/pick', secret: '', timeoutMs: '500' };
    expect(routerSecretProblem(draft, null)).toBe('externalRouterSecretNeeded');
    expect(routerSecretProblem({ ...draft, secret: 'whsec_abc' }, null)).toBeNull();
  });

  it('sends trimmed values and a number of milliseconds', () => {
    expect(routerVariables({ url: ' https://r.example/ ', secret: ' whsec_x ', timeoutMs: '750' })).toEqual({
      url: 'https://r.example/',
      secret: 'whsec_x',
      timeoutMs: 750,
    });
  });
});
