import { Inject, Injectable } from '@nestjs/common';
import { SecretBox } from '../../core/crypto/secret-box';
import type { DerivedKeys } from '../../core/crypto/master-key';
import { DERIVED_KEYS } from '../../core/tokens';

/** Seals and opens an integration's secrets; the integration id is the associated data. */
@Injectable()
export class IntegrationSecrets {
  private readonly box: SecretBox;

  constructor(@Inject(DERIVED_KEYS) keys: DerivedKeys) {
    this.box = new SecretBox(keys.integrationSecrets);
  }

  seal(integrationId: string, secrets: Record<string, string>): Buffer {
    return this.box.seal(JSON.stringify(secrets), `integration:${integrationId}`);
  }

  open(integrationId: string, sealed: Buffer): Record<string, string> {
    return JSON.parse(this.box.open(sealed, `integration:${integrationId}`)) as Record<string, string>;
  }
}
