import { openWidget, VIEWPORT } from './support/widget-page';
import { createWidgetWorkspace, startWidgetStage } from './support/widget-stage';
it('debug', async () => {
  const stage = await startWidgetStage();
  try {
    const ws = await createWidgetWorkspace(stage, { config: { prechat: { enabled: true, fields: [
      { id: 'name', type: 'name', label: 'Your name', required: true },
      { id: 'topic', type: 'choice', label: 'Topic', options: ['Billing', 'Orders'], required: true },
      { id: 'gdpr', type: 'consent', label: 'I agree that my data is processed to answer me.', required: true },
    ] } } });
    const context = await stage.browser.newContext({ viewport: VIEWPORT });
    const page = await context.newPage();
    page.on('console', (m) => console.log('console', m.type(), m.text()));
    await page.goto(ws.pageUrl('/'));
    const frame = await openWidget(page);
    await new Promise((r) => setTimeout(r, 1000));
    await page.screenshot({ path: '/tmp/debug1.png' });
    const box = await frame.getByLabel('Orders').boundingBox();
    const ibox = await page.locator('switchboard-widget iframe').boundingBox();
    console.log(JSON.stringify({ box, ibox }));
    await frame.getByLabel('Orders').check({ timeout: 3000 }).catch((e) => console.log(String(e)));
  } finally {
    await stage.close();
  }
});
