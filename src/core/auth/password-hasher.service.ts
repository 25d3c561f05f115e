import { Injectable } from '@nestjs/common';
import { argon2id, hash, verify } from 'argon2';

/** OWASP's argon2id baseline (19 MiB, 2 iterations, 1 lane). */
const OPTIONS = { type: argon2id, memoryCost: 19 * 1024, timeCost: 2, parallelism: 1 } as const;

@Injectable()
export class PasswordHasher {
  private dummy?: Promise<string>;

  async hashPassword(password: string): Promise<string> {
    return hash(password, OPTIONS);
  }

  async verifyPassword(passwordHash: string, password: string): Promise<boolean> {
    try {
      return await verify(passwordHash, password);
    } catch {
      return false; // a malformed stored hash never authenticates
    }
  }

  /**
   * Burns the same time as a real verification, so an unknown email answers as slowly as a
   * wrong password and response times do not reveal which emails exist.
   */
  async verifyAgainstDummy(password: string): Promise<false> {
    this.dummy ??= this.hashPassword('switchboard-timing-equaliser');
    await this.verifyPassword(await this.dummy, password);
    return false;
  }
}
