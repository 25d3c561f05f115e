import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { gql, ok } from '../support/factories';
import { eventually } from '../support/hub';
import { bootVisitor, WidgetSocket } from '../support/widget';
import { seriousViolations } from './support/axe';
import {
  chatTab,
  CONSOLE_VIEWPORT,
  createConsoleWorkspace,
  setStatusInConsole,
  signInToConsole,
} from './support/console-page';
import { useWidgetStage } from './support/widget-stage';

/**
 * The console's routing screens (docs/routing.md): rules, queue settings, picking, the reason,
 * queues, and the values the admin forms start from (skills, tiers, the external router).
 */

async function openScreen(page: Page, name: string, heading: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true }).click();
  await page.getByRole('heading', { level: 1, name: heading }).waitFor();
}

describe('agent console in Chromium: routing', () => {
  const stage = useWidgetStage();

  it('saves a rule from the form, shows a refused one without losing it, and routes a VIP to a manual team an agent picks from', async () => {
    const { hub } = stage;
    const ws = await createConsoleWorkspace(stage, [{ name: 'Grace' }]);
    const [grace] = ws.agents;
    const { createTeam } = ok(
      await gql<{ createTeam: { id: string } }>(
        hub.url,
        ws.owner.token,
        'mutation { createTeam(name: "Sales") { id } }',
      ),
    );
    const salesId = createTeam.id;
    ok(
      await gql(
        hub.url,
        ws.owner.token,
        'mutation($t: ID!, $a: ID!) { addTeamMember(teamId: $t, agentId: $a) { id } }',
        {
          t: salesId,
          a: grace.id,
        },
      ),
    );

    const admin = await stage.newPage({ viewport: CONSOLE_VIEWPORT });
    admin.on('dialog', (dialog) => void dialog.accept());
    await signInToConsole(admin, stage.proxy.url, ws.owner);
    await openScreen(admin, 'Routing', 'Routing');
    await admin.getByText('No rules: every chat gets the default action.').waitFor();
    expect(await seriousViolations(admin, 'routing screen')).toEqual([]);

    // A rule through the form: contact attribute tier equals vip → Sales, priority 90.
    await admin.getByRole('button', { name: 'Add a rule' }).click();
    await admin.getByLabel('Rule name').fill('VIP customers');
    await admin.getByRole('button', { name: 'Add a condition' }).click();
    const condition = admin.getByRole('group', { name: 'Condition 1' });
    // A select's name includes its chosen option ("Condition Contact attribute").
    await condition.getByLabel('Condition').selectOption({ label: 'Contact attribute' });
    await condition.getByLabel('Attribute', { exact: true }).fill('tier');
    await condition.getByLabel('Operator').selectOption({ label: 'equals' });
    await condition.getByLabel('Value', { exact: true }).fill('vip');
    const editor = admin.getByRole('region', { name: 'Rule 1' });
    await editor.getByLabel('Route to').selectOption({ label: 'Sales' });
    await editor.getByLabel('Priority (0-100)').fill('90');
    expect(await seriousViolations(admin, 'routing screen, rule editor')).toEqual([]);
    await admin.getByRole('button', { name: 'Save rules' }).click();
    await admin.getByRole('status').getByText('Rules saved.').waitFor();
    const policy = async () =>
      ok(
        await gql<{ routingPolicy: { rules: Record<string, unknown>[] } }>(
          hub.url,
          ws.owner.token,
          'query { routingPolicy }',
        ),
      ).routingPolicy;
    const vipRule = {
      id: 'rule-1',
      name: 'VIP customers',
      enabled: true,
      conditions: [{ type: 'contactAttribute', attribute: 'tier', operator: 'equals', value: 'vip' }],
      action: { teamId: salesId, priority: 90 },
    };
    expect((await policy()).rules).toEqual([vipRule]);

    // A broken edit in the JSON editor: the hub's problem is listed, the edit stays, nothing changes.
    await admin.getByRole('button', { name: 'Edit as JSON' }).click();
    const json = admin.getByLabel('Routing policy (JSON)');
    const broken = JSON.stringify(
      {
        rules: [
          {
            ...vipRule,
            conditions: [
              ...vipRule.conditions,
              { type: 'timeOfDay', timeZone: 'Mars/Olympus', from: '09:00', to: '17:00' },
            ],
          },
        ],
        defaultAction: {},
      },
      null,
      2,
    );
    await json.fill(broken);
    await admin.getByRole('button', { name: 'Save rules' }).click();
    const problems = admin.getByRole('alert').filter({ hasText: 'Not saved.' });
    await problems
      .getByRole('listitem')
      .filter({ hasText: 'rules.0.conditions.1.timeZone: "Mars/Olympus" is not a known IANA time zone' })
      .waitFor();
    expect(await json.inputValue()).toBe(broken);
    expect((await policy()).rules).toEqual([vipRule]);
    expect(await seriousViolations(admin, 'routing screen, refused JSON')).toEqual([]);

    // Sales becomes a manual queue: chats wait until an agent picks one.
    const queueSettings = admin.getByRole('region', { name: 'Queue settings' });
    await queueSettings.getByLabel('Queue').selectOption({ label: 'Sales' });
    const salesForm = admin.getByRole('form', { name: 'Settings of Sales' });
    await salesForm.getByLabel('Strategy').selectOption({ label: 'manual' });
    await salesForm.getByRole('button', { name: 'Save queue settings' }).click();
    await salesForm.getByRole('status').getByText('Queue settings saved.').waitFor();
    const { teamRouting } = ok(
      await gql<{ teamRouting: { strategy: string } }>(
        hub.url,
        ws.owner.token,
        'query($t: ID) { teamRouting(teamId: $t) }',
        {
          t: salesId,
        },
      ),
    );
    expect(teamRouting.strategy).toBe('manual');

    // A VIP visitor writes (the widget's session variables are contact attributes for the rules).
    const boot = await bootVisitor(hub.url, ws.integrationId, {}, stage.site.origin);
    const visitor = await WidgetSocket.connect(hub.url, {
      integrationId: ws.integrationId,
      token: boot.body.visitorToken,
    });
    visitor.send({ type: 'session_variables', variables: { tier: 'vip' } });
    await eventually(
      async () => {
        const rows: unknown[] = await hub.app
          .get(DataSource)
          .query(
            `SELECT 1 FROM widget_visitors WHERE integration_id = $1 AND session_variables ->> 'tier' = 'vip'`,
            [ws.integrationId],
          );
        return rows.length === 1 ? true : undefined;
      },
      10000,
      'the session variable stored',
    );
    const ack = await visitor.sendMessage({ text: 'I am a VIP, help!' });
    expect(ack.type).toBe('ack');

    // Supervision: Sales has one chat waiting.
    await openScreen(admin, 'Supervision', 'Supervision');
    const salesRow = admin.getByTestId(`queue-${salesId}`);
    await eventually(
      async () => ((await salesRow.getByRole('cell').first().textContent()) === '1' ? true : undefined),
      15000,
      'one chat waiting in Sales',
    );
    expect(await salesRow.getByRole('rowheader').textContent()).toBe('Sales');
    expect(await salesRow.textContent()).toContain('manual');
    expect(await seriousViolations(admin, 'supervision with queues')).toEqual([]);

    // Grace sees it in Queued; picking while offline is refused in the hub's words.
    const agent = await stage.newPage({ viewport: CONSOLE_VIEWPORT });
    await signInToConsole(agent, stage.proxy.url, grace);
    await chatTab(agent, 'Queued').click();
    const pick = agent.getByRole('button', { name: /^Pick the chat with / });
    await pick.waitFor();
    await pick.focus();
    await agent.keyboard.press('Enter');
    await agent
      .getByRole('alert')
      .getByText('You can pick a chat only while accepting chats and below your capacity.')
      .waitFor();

    await setStatusInConsole(agent, hub.url, grace, 'ACCEPTING');
    await pick.focus();
    await agent.keyboard.press('Enter');
    const routing = agent.getByRole('region', { name: 'Routing' });
    await routing.getByText('Rule: VIP customers → team Sales').waitFor({ timeout: 15000 });
    await routing.getByText('Picked from the queue by an agent').waitFor();
    await routing.getByText('Priority 90').waitFor();
    const conversationId = (ack.message as { conversationId: string }).conversationId;
    const { conversation } = ok(
      await gql<{ conversation: { assigneeId: string; status: string } }>(
        hub.url,
        grace.token,
        'query($id: ID!) { conversation(id: $id) { assigneeId status } }',
        { id: conversationId },
      ),
    );
    expect(conversation).toEqual({ assigneeId: grace.id, status: 'OPEN' });
    visitor.close();
  });

  it('shows the skills, tiers and external router the hub stored after a reload, and asks for the secret again', async () => {
    const { hub } = stage;
    const ws = await createConsoleWorkspace(stage, [{ name: 'Grace' }]);
    const [grace] = ws.agents;
    const { createTeam } = ok(
      await gql<{ createTeam: { id: string } }>(
        hub.url,
        ws.owner.token,
        'mutation { createTeam(name: "Support") { id } }',
      ),
    );
    ok(
      await gql(
        hub.url,
        ws.owner.token,
        'mutation($t: ID!, $a: ID!) { addTeamMember(teamId: $t, agentId: $a) { id } }',
        { t: createTeam.id, a: grace.id },
      ),
    );
    const stored = async () =>
      ok(
        await gql<{
          agents: { id: string; skills: Record<string, number> }[];
          teams: { id: string; memberTiers: { agentId: string; tier: string }[] }[];
          externalRouter: { url: string; timeoutMs: number } | null;
        }>(
          hub.url,
          ws.owner.token,
          'query { agents { id skills } teams { id memberTiers { agentId tier } } externalRouter { url timeoutMs } }',
        ),
      );

    const admin = await stage.newPage({ viewport: CONSOLE_VIEWPORT });
    await signInToConsole(admin, stage.proxy.url, ws.owner);

    // The workspace pool is listed even with nobody waiting.
    await openScreen(admin, 'Supervision', 'Supervision');
    const pool = admin.getByTestId('queue-pool');
    await pool.waitFor();
    expect(await pool.getByRole('rowheader').textContent()).toBe('Workspace pool');
    expect(await pool.getByRole('cell').first().textContent()).toBe('0');

    // Skills through the Agents screen.
    await openScreen(admin, 'Agents', 'Agents');
    await admin.getByRole('button', { name: 'Skills of Grace' }).click();
    let skillsForm = admin.getByRole('form', { name: 'Skills of Grace' });
    await skillsForm.getByText('No skills: add one, or save to clear them.').waitFor();
    await skillsForm.getByRole('button', { name: 'Add a skill' }).click();
    await skillsForm.getByLabel('Skill 1', { exact: true }).fill('billing');
    await skillsForm.getByLabel('Level of skill 1').selectOption('4');
    await skillsForm.getByRole('button', { name: 'Save skills' }).click();
    await admin.getByRole('status').getByText('Skills of Grace saved.').waitFor();

    // A tier through the Teams screen: the hub reports NORMAL until it is changed.
    await openScreen(admin, 'Teams', 'Teams');
    let tier = admin.getByLabel('Tier of Grace in Support');
    await eventually(async () => ((await tier.inputValue()) === 'NORMAL' ? true : undefined), 5000, 'NORMAL');
    await tier.selectOption('FIRST');
    await eventually(
      async () =>
        (await stored()).teams[0].memberTiers[0]?.tier === 'FIRST' && !(await tier.isDisabled())
          ? true
          : undefined,
      10000,
      'the FIRST tier stored',
    );

    // The external router through the Routing screen.
    await openScreen(admin, 'Routing', 'Routing');
    let router = admin.getByRole('form', { name: 'External router' });
    await router.getByText('No external router is set.').waitFor();
    const secret = `whsec_${randomBytes(24).toString('base64')}`;
    await router.getByLabel('URL', { exact: true }).fill('http://127.0.0.1:9/route');
    await router.getByLabel('Signing secret').fill(secret);
    await router.getByLabel('Timeout (ms, 50-5000)').fill('800');
    await router.getByRole('button', { name: 'Save the router' }).click();
    await router.getByRole('status').getByText('Router saved. The secret is not shown again.').waitFor();
    expect(await router.getByLabel('Signing secret').inputValue()).toBe('');

    const before = await stored();
    expect(before.agents.find((a) => a.id === grace.id)?.skills).toEqual({ billing: 4 });
    expect(before.teams[0].memberTiers).toEqual([{ agentId: grace.id, tier: 'FIRST' }]);
    expect(before.externalRouter).toEqual({ url: 'http://127.0.0.1:9/route', timeoutMs: 800 });

    // After a reload, every form starts from what the hub stored.
    await admin.reload();
    await admin.getByRole('heading', { level: 1, name: 'Routing' }).waitFor();
    router = admin.getByRole('form', { name: 'External router' });
    const url = router.getByLabel('URL', { exact: true });
    await eventually(
      async () => ((await url.inputValue()) === 'http://127.0.0.1:9/route' ? true : undefined),
      10000,
      'the stored router URL shown',
    );
    expect(await router.getByLabel('Timeout (ms, 50-5000)').inputValue()).toBe('800');
    expect(await router.getByLabel('Signing secret').inputValue()).toBe('');
    expect(await admin.content()).not.toContain(secret);
    await router
      .getByText('A secret is stored, encrypted, and never shown: enter it again', { exact: false })
      .waitFor();
    expect(await router.getByRole('button', { name: 'Remove the router' }).isEnabled()).toBe(true);
    expect(await seriousViolations(admin, 'routing screen, stored external router')).toEqual([]);

    // Changing the timeout without the secret is explained, not sent.
    await router.getByLabel('Timeout (ms, 50-5000)').fill('1200');
    await router.getByRole('button', { name: 'Save the router' }).click();
    await router
      .getByRole('alert')
      .getByText('Not saved: enter the signing secret again to change the URL or timeout.', { exact: false })
      .waitFor();
    expect((await stored()).externalRouter).toEqual({ url: 'http://127.0.0.1:9/route', timeoutMs: 800 });
    // With the secret entered again, it is saved.
    await router.getByLabel('Signing secret').fill(secret);
    await router.getByRole('button', { name: 'Save the router' }).click();
    await router.getByRole('status').getByText('Router saved. The secret is not shown again.').waitFor();
    expect((await stored()).externalRouter).toEqual({ url: 'http://127.0.0.1:9/route', timeoutMs: 1200 });
    expect(await router.getByLabel('Timeout (ms, 50-5000)').inputValue()).toBe('1200');

    await openScreen(admin, 'Teams', 'Teams');
    tier = admin.getByLabel('Tier of Grace in Support');
    await eventually(
      async () => ((await tier.inputValue()) === 'FIRST' ? true : undefined),
      10000,
      'the stored tier shown',
    );
    expect(await admin.getByText('The hub does not report tiers yet', { exact: false }).count()).toBe(0);

    await openScreen(admin, 'Agents', 'Agents');
    await admin.getByRole('row', { name: /Grace/ }).getByText('Skills: billing 4').waitFor();
    await admin.getByRole('button', { name: 'Skills of Grace' }).click();
    skillsForm = admin.getByRole('form', { name: 'Skills of Grace' });
    expect(await skillsForm.getByLabel('Skill 1', { exact: true }).inputValue()).toBe('billing');
    expect(await skillsForm.getByLabel('Level of skill 1').inputValue()).toBe('4');
    expect(
      await skillsForm.getByText("The hub does not list an agent's skills yet", { exact: false }).count(),
    ).toBe(0);
    expect(await seriousViolations(admin, 'agents screen, stored skills')).toEqual([]);
  });
});
