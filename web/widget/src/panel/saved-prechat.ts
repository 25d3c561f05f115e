import { readStored, writeStored } from '../shared/storage';
import type { PrechatAnswers } from './views/prechat-form-view';

/**
 * The prechat form's answers, kept in the hub origin's sessionStorage per integration until the
 * message that carries them is stored, so a reload in the same tab does not ask again.
 */
export class SavedPrechat {
  private readonly key: string;

  constructor(integrationId: string) {
    this.key = `switchboard:${integrationId}:prechat`;
  }

  load(): PrechatAnswers | null {
    try {
      return JSON.parse(readStored('sessionStorage', this.key) ?? 'null') as PrechatAnswers | null;
    } catch {
      return null;
    }
  }

  /** `null` forgets them. */
  save(answers: PrechatAnswers | null): void {
    writeStored('sessionStorage', this.key, answers ? JSON.stringify(answers) : null);
  }
}
