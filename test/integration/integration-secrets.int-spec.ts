import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { IntegrationService } from '../../src/connectors/runtime/integration.service';
import { DomainError } from '../../src/core/errors/domain-error';
import { createServiceContext } from '../support/context';
import { newWorkspace } from '../support/data';

describe('integration secrets at rest', () => {
  let ctx: INestApplicationContext;
  let db: DataSource;
  let integrations: IntegrationService;

  beforeAll(async () => {
    ctx = await createServiceContext();
    db = ctx.get(DataSource);
    integrations = ctx.get(IntegrationService);
  });
  afterAll(() => ctx.close());

  it('stores the generated secret only as AES-GCM ciphertext and returns it once', async () => {
    const workspaceId = await newWorkspace(ctx);
    const created = await integrations.createIntegration(workspaceId, {
      connectorId: 'api',
      name: 'Shop',
      settings: { callbackUrl: 'https://shop.example.test/hooks' },
    });
    const secret = created.generatedSecrets.signingSecret;
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/=]{32,}$/);
    const [row]: { settings: unknown; secrets_ciphertext: Buffer }[] = await db.query(
      'SELECT settings, secrets_ciphertext FROM integrations WHERE id = $1',
      [created.integration.id],
    );
    expect(JSON.stringify(row.settings)).not.toContain(secret);
    expect(row.secrets_ciphertext.toString('latin1')).not.toContain(secret.slice(6));
    expect(
      JSON.stringify(await integrations.getIntegration(workspaceId, created.integration.id)),
    ).not.toContain(secret);
    expect(JSON.stringify(await integrations.listIntegrations(workspaceId))).not.toContain(secret);
    const loaded = await integrations.loadInWorkspace(workspaceId, created.integration.id);
    expect(loaded?.context.settings.signingSecret).toBe(secret);
  });

  it('refuses ciphertext moved onto another integration', async () => {
    const workspaceId = await newWorkspace(ctx);
    const a = await integrations.createIntegration(workspaceId, {
      connectorId: 'api',
      name: 'A',
      settings: {},
    });
    const b = await integrations.createIntegration(workspaceId, {
      connectorId: 'api',
      name: 'B',
      settings: {},
    });
    await db.query(
      'UPDATE integrations SET secrets_ciphertext = (SELECT secrets_ciphertext FROM integrations WHERE id = $1) WHERE id = $2',
      [a.integration.id, b.integration.id],
    );
    await expect(integrations.loadInWorkspace(workspaceId, b.integration.id)).rejects.toThrow();
  });

  it('does not find an integration through another workspace', async () => {
    const owner = await newWorkspace(ctx);
    const other = await newWorkspace(ctx);
    const created = await integrations.createIntegration(owner, {
      connectorId: 'api',
      name: 'Mine',
      settings: {},
    });
    await expect(integrations.getIntegration(other, created.integration.id)).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(await integrations.loadInWorkspace(other, created.integration.id)).toBeUndefined();
  });

  it.each([
    [{ connectorId: 'fax', name: 'x', settings: {} }, /Unknown connector "fax"; installed connectors: api/],
    [{ connectorId: 'api', name: ' ', settings: {} }, /name must be 1 to 200 characters/],
    [{ connectorId: 'api', name: 'x', settings: { callbackUrl: 'ftp://nope' } }, /callbackUrl/],
    [{ connectorId: 'api', name: 'x', settings: { colour: 'red' } }, /colour/],
  ])('rejects %j with a clear error', async (input, message) => {
    const workspaceId = await newWorkspace(ctx);
    const error = await integrations.createIntegration(workspaceId, input).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).message).toMatch(message);
  });
});
