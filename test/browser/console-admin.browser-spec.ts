import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import {
  createApiIntegration,
  createConversation,
  createWorkspaceWithAdmin,
  gql,
  ok,
  type TestAgent,
} from '../support/factories';
import { eventually } from '../support/hub';
import { seriousViolations } from './support/axe';
import {
  chatRows,
  chatTab,
  CONSOLE_VIEWPORT,
  signInToConsole,
  untilConsoleReady,
} from './support/console-page';
import { useWidgetStage } from './support/widget-stage';

/** The console's admin screens (docs/console-api.md, "Admin screens"), as an owner uses them. */

const SITE = 'https://shop.example.com';

/** The launcher's background colour in the live preview, as the browser computes it. */
function previewColour(page: Page): Promise<string> {
  return page.getByTestId('widget-preview-launcher').evaluate((el) => getComputedStyle(el).backgroundColor);
}

async function openAdminScreen(page: Page, name: string, heading: string | RegExp): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true }).click();
  await page.getByRole('heading', { level: 1, name: heading }).waitFor();
}

describe('agent console in Chromium: admin screens', () => {
  const stage = useWidgetStage();

  async function ownerInConsole(): Promise<{ owner: TestAgent; workspaceId: string; page: Page }> {
    const { workspaceId, admin: owner } = await createWorkspaceWithAdmin(stage.hub.app);
    const page = await stage.newPage({
      viewport: CONSOLE_VIEWPORT,
      permissions: ['clipboard-read', 'clipboard-write'],
    });
    page.on('dialog', (dialog) => void dialog.accept());
    await signInToConsole(page, stage.hub.url, owner);
    return { owner, workspaceId, page };
  }

  it('creates a widget and shows its snippet once, then edits its colour with a live preview', async () => {
    const { owner, page } = await ownerInConsole();
    await openAdminScreen(page, 'Integrations', 'Integrations');
    expect(await seriousViolations(page, 'integrations, empty')).toEqual([]);

    await page.getByRole('button', { name: 'New integration' }).click();
    await page.getByLabel('Website widget').check();
    await page.getByLabel('Name', { exact: true }).fill('Shop website');
    await page.getByLabel('Allowed websites').fill(SITE);
    await page.getByRole('button', { name: 'Create', exact: true }).click();

    const snippetBox = page.getByRole('textbox', { name: 'Embed code' });
    await snippetBox.waitFor();
    const { integrations } = ok(
      await gql<{ integrations: { id: string; name: string }[] }>(
        stage.hub.url,
        owner.token,
        'query { integrations { id name } }',
      ),
    );
    expect(integrations.map((i) => i.name)).toEqual(['Shop website']);
    const snippet = await snippetBox.inputValue();
    expect(snippet).toContain(
      `<script async src="${stage.proxy.url}/widget.js" data-integration-id="${integrations[0].id}"></script>`,
    );
    const secret = await page.getByRole('textbox', { name: 'Identity verification secret' }).inputValue();
    expect(secret).toMatch(/^[0-9a-f]{64}$/);
    expect(await page.getByRole('alert').filter({ hasText: 'you will not see them again' }).count()).toBe(1);

    await page.getByRole('button', { name: 'Copy Embed code' }).click();
    await page.getByRole('button', { name: 'Copied Embed code' }).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(snippet);
    expect(await seriousViolations(page, 'integrations, secrets shown once')).toEqual([]);

    // Once: dismissed, and gone for good after a reload.
    await page.getByRole('button', { name: 'I have copied them' }).click();
    await snippetBox.waitFor({ state: 'detached' });
    expect(await page.content()).not.toContain(secret);
    await page.reload();
    await page.getByRole('cell', { name: /^Shop website/ }).waitFor();
    expect(await page.content()).not.toContain(secret);

    // Customization: the preview follows the form before anything is saved.
    await page.getByRole('button', { name: 'Customize Shop website' }).click();
    await page.getByTestId('widget-preview').waitFor();
    expect(await previewColour(page)).toBe('rgb(31, 111, 235)');
    const colour = page.getByRole('textbox', { name: 'Main colour', exact: true });
    await colour.fill('#0a7d5a');
    await eventually(
      async () => ((await previewColour(page)) === 'rgb(10, 125, 90)' ? true : undefined),
      5000,
      'the preview in the new colour',
    );
    await page.getByLabel('Greeting').fill('Welcome to the shop!');
    await page.getByTestId('widget-preview').getByText('Welcome to the shop!').waitFor();
    expect(await seriousViolations(page, 'widget customization')).toEqual([]);

    // The hub's validation, shown at the field.
    await colour.fill('#0a7d5');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Not saved: correct the fields marked below.').waitFor();
    expect(await colour.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await colour.getAttribute('aria-describedby')) ?? '';
    expect(await page.locator(`[id="${describedBy}"]`).textContent()).toContain(
      'must be a colour like #1f6feb',
    );

    await colour.fill('#0a7d5a');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').getByText('Saved.', { exact: false }).waitFor();
    expect(await colour.getAttribute('aria-invalid')).toBeNull();
    const { widgetConfig } = ok(
      await gql<{ widgetConfig: { appearance: { primaryColor: string; welcomeText: string } } }>(
        stage.hub.url,
        owner.token,
        'query($id: ID!) { widgetConfig(integrationId: $id) }',
        { id: integrations[0].id },
      ),
    );
    expect(widgetConfig.appearance).toMatchObject({
      primaryColor: '#0a7d5a',
      welcomeText: 'Welcome to the shop!',
    });
  });

  it('invites an agent who sets a password from the link, and deactivating them ends their session', async () => {
    const { owner, page } = await ownerInConsole();
    await openAdminScreen(page, 'Agents', 'Agents');
    await page.getByRole('button', { name: 'Invite an agent' }).click();
    const email = `grace-${randomUUID().slice(0, 8)}@example.test`;
    await page.getByLabel('Name', { exact: true }).fill('Grace Hopper');
    await page.getByLabel('Email', { exact: true }).fill(email);
    await page.getByRole('button', { name: 'Create the invitation' }).click();
    const link = page.getByRole('textbox', { name: 'Invitation link' });
    await link.waitFor();
    const url = await link.inputValue();
    expect(url).toMatch(new RegExp(`^${stage.proxy.url}/console/invite/[A-Za-z0-9_-]{43}$`));
    await page
      .getByRole('row', { name: /Grace Hopper/ })
      .getByText('Invited')
      .waitFor();
    expect(await seriousViolations(page, 'agents, invitation link shown')).toEqual([]);
    await page.getByRole('button', { name: 'I have copied them' }).click();
    await link.waitFor({ state: 'detached' });

    // The new agent, in a browser of their own.
    const grace = await stage.newPage({ viewport: CONSOLE_VIEWPORT });
    await grace.goto(url);
    await grace.getByRole('heading', { name: 'Welcome to Switchboard' }).waitFor();
    expect(await seriousViolations(grace, 'accept invitation')).toEqual([]);
    await grace.getByLabel('New password').fill('correct horse battery');
    await grace.getByLabel('Repeat the password').fill('correct horse battery');
    await grace.getByRole('button', { name: 'Set the password and sign in' }).click();
    await grace.getByRole('navigation', { name: 'Main' }).waitFor();
    await untilConsoleReady(grace);
    expect(new URL(grace.url()).pathname).toBe('/console/');
    await grace.getByLabel('My status').selectOption('ACCEPTING');
    await eventually(
      async () => {
        const { agents } = ok(
          await gql<{ agents: { email: string; status: string; invitationPending: boolean }[] }>(
            stage.hub.url,
            owner.token,
            'query { agents { email status invitationPending } }',
          ),
        );
        const found = agents.find((a) => a.email === email);
        return found?.status === 'ACCEPTING' && !found.invitationPending ? true : undefined;
      },
      10000,
      'Grace accepting chats',
    );

    // The owner deactivates Grace: her console is signed out.
    await page.reload();
    const row = page.getByRole('row', { name: /Grace Hopper/ });
    await row.getByText('Accepting chats').waitFor();
    await page.getByRole('button', { name: 'Deactivate Grace Hopper' }).click();
    await row.getByText('Deactivated').waitFor();
    await page.getByRole('button', { name: 'Reactivate Grace Hopper' }).waitFor();
    await grace.locator('input[autocomplete="current-password"]').waitFor({ timeout: 10000 });
    expect(await grace.getByRole('navigation', { name: 'Main' }).count()).toBe(0);
  });

  it('renames a tag across the workspace and manages teams', async () => {
    const { owner, workspaceId, page } = await ownerInConsole();
    const integration = await createApiIntegration(stage.hub.url, owner.token);
    const ids: string[] = [];
    for (const tags of [['billing'], ['billing', 'vip']]) {
      const { conversationId } = await createConversation(stage.hub.app, integration);
      ids.push(conversationId);
      ok(
        await gql(
          stage.hub.url,
          owner.token,
          'mutation($c: ID!, $t: [String!]!) { setConversationTags(conversationId: $c, tags: $t) { id } }',
          { c: conversationId, t: tags },
        ),
      );
    }
    expect(workspaceId).toBeTruthy();

    await openAdminScreen(page, 'Tags', 'Tags');
    await page.getByRole('row', { name: /billing\s*2/ }).waitFor();
    expect(await seriousViolations(page, 'tags')).toEqual([]);
    await page.getByRole('button', { name: 'Rename billing' }).click();
    await page.getByRole('textbox', { name: 'New name for billing' }).fill('Invoices');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('row', { name: /invoices\s*2/ }).waitFor();
    expect(await page.getByRole('cell', { name: 'billing', exact: true }).count()).toBe(0);
    for (const id of ids) {
      const { conversation } = ok(
        await gql<{ conversation: { tags: string[] } }>(
          stage.hub.url,
          owner.token,
          'query($id: ID!) { conversation(id: $id) { tags } }',
          { id },
        ),
      );
      expect(conversation.tags).toContain('invoices');
      expect(conversation.tags).not.toContain('billing');
    }

    await openAdminScreen(page, 'Teams', 'Teams');
    await page.getByLabel('New team name').fill('Support');
    await page.getByRole('button', { name: 'Create team' }).click();
    await page.getByRole('heading', { level: 2, name: 'Support' }).waitFor();
    await page.getByLabel('Add a member to Support').selectOption({ label: 'Owner' });
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await page.getByRole('button', { name: 'Remove Owner from Support' }).waitFor();
    expect(await seriousViolations(page, 'teams')).toEqual([]);
    await page.getByRole('button', { name: 'Rename Support' }).click();
    await page.getByLabel('Team name', { exact: true }).fill('Customer care');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('heading', { level: 2, name: 'Customer care' }).waitFor();
    const { teams } = ok(
      await gql<{ teams: { name: string; members: { id: string }[] }[] }>(
        stage.hub.url,
        owner.token,
        'query { teams { name members { id } } }',
      ),
    );
    expect(teams).toEqual([{ name: 'Customer care', members: [{ id: owner.id }] }]);
  });

  it('loads more chats than the first page, and keeps them live', async () => {
    const { owner, page } = await ownerInConsole();
    const integration = await createApiIntegration(stage.hub.url, owner.token);
    for (let i = 0; i < 53; i++) await createConversation(stage.hub.app, integration);
    await page.reload();
    await untilConsoleReady(page);
    await chatTab(page, 'Queued').click();
    await eventually(
      async () => ((await chatRows(page).count()) === 50 ? true : undefined),
      10000,
      '50 rows',
    );
    await page.getByRole('button', { name: 'Load more' }).click();
    await eventually(
      async () => ((await chatRows(page).count()) === 53 ? true : undefined),
      10000,
      '53 rows',
    );
    await page.getByRole('button', { name: 'Load more' }).waitFor({ state: 'detached' });

    // A new chat still appears live, on top of the longer list.
    await createConversation(stage.hub.app, integration);
    await eventually(
      async () => ((await chatRows(page).count()) === 54 ? true : undefined),
      10000,
      '54 rows',
    );
  });
});
