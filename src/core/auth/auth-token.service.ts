import { Inject, Injectable } from '@nestjs/common';
import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import type { HubConfig } from '../config/config.schema';
import type { DerivedKeys } from '../crypto/master-key';
import { DomainError } from '../errors/domain-error';
import { Clock, CLOCK, CONFIG, DERIVED_KEYS } from '../tokens';

const ISSUER = 'switchboard';
const AUDIENCE = 'switchboard-api';

/** What a login token proves: which agent of which workspace. The role is reloaded per request. */
export interface TokenClaims {
  agentId: string;
  workspaceId: string;
  /** The agent's session version when issued (agents.session_version; 0 in tokens from before it existed). */
  sessionVersion: number;
}

/** HS256 login tokens signed with the auth-token key derived from the master key. */
@Injectable()
export class AuthTokenService {
  constructor(
    @Inject(DERIVED_KEYS) private readonly keys: DerivedKeys,
    @Inject(CONFIG) private readonly config: HubConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async issue(claims: TokenClaims): Promise<{ token: string; expiresAt: Date }> {
    const issuedAt = Math.floor(this.clock.now().getTime() / 1000);
    const expiresAt = issuedAt + this.config.AUTH_TOKEN_TTL_SECONDS;
    const token = await new SignJWT({ wid: claims.workspaceId, sv: claims.sessionVersion })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(claims.agentId)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt(issuedAt)
      .setExpirationTime(expiresAt)
      .sign(this.keys.authTokens);
    return { token, expiresAt: new Date(expiresAt * 1000) };
  }

  /** Any defect (bad signature, expired, wrong audience, malformed) is one UNAUTHENTICATED answer. */
  async verify(token: string): Promise<TokenClaims> {
    let payload: Record<string, unknown>;
    try {
      ({ payload } = await jwtVerify(token, this.keys.authTokens, {
        algorithms: ['HS256'],
        issuer: ISSUER,
        audience: AUDIENCE,
        currentDate: this.clock.now(),
      }));
    } catch (e) {
      if (e instanceof joseErrors.JOSEError) throw invalidToken();
      throw e;
    }
    const sessionVersion = payload.sv ?? 0;
    if (
      typeof payload.sub !== 'string' ||
      typeof payload.wid !== 'string' ||
      typeof sessionVersion !== 'number'
    )
      throw invalidToken();
    return { agentId: payload.sub, workspaceId: payload.wid, sessionVersion };
  }
}

function invalidToken(): DomainError {
  return new DomainError('UNAUTHENTICATED', 'Invalid or expired token; log in again.');
}
