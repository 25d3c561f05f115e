import { Inject, Injectable } from '@nestjs/common';
import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import type { HubConfig } from '../core/config/config.schema';
import type { DerivedKeys } from '../core/crypto/master-key';
import { Clock, CLOCK, CONFIG, DERIVED_KEYS } from '../core/tokens';

const ISSUER = 'switchboard';
const AUDIENCE = 'switchboard-widget';

/** Who a widget visitor is: a contact identity on one widget integration. */
export interface VisitorClaims {
  workspaceId: string;
  integrationId: string;
  /** `v_<uuid>` (anonymous) or `u_<user id>` (identified by the business's server). */
  externalId: string;
}

/**
 * The token a visitor's browser keeps: HS256 under its own derived key, so it can never pass for
 * an agent's login token (other key, other audience).
 */
@Injectable()
export class VisitorTokenService {
  constructor(
    @Inject(DERIVED_KEYS) private readonly keys: DerivedKeys,
    @Inject(CONFIG) private readonly config: HubConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async issue(claims: VisitorClaims): Promise<string> {
    const now = Math.floor(this.clock.now().getTime() / 1000);
    return new SignJWT({ wid: claims.workspaceId, iid: claims.integrationId })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(claims.externalId)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt(now)
      .setExpirationTime(now + this.config.WIDGET_VISITOR_TOKEN_TTL_DAYS * 86400)
      .sign(this.keys.visitorTokens);
  }

  /** The claims, or undefined for any defect (bad signature, expired, malformed, other integration). */
  async verify(token: string | undefined, integrationId: string): Promise<VisitorClaims | undefined> {
    if (!token || token.length > 2000) return undefined;
    try {
      const { payload } = await jwtVerify(token, this.keys.visitorTokens, {
        algorithms: ['HS256'],
        issuer: ISSUER,
        audience: AUDIENCE,
        currentDate: this.clock.now(),
      });
      if (typeof payload.sub !== 'string' || typeof payload.wid !== 'string' || payload.iid !== integrationId)
        return undefined;
      return { workspaceId: payload.wid, integrationId, externalId: payload.sub };
    } catch (e) {
      if (e instanceof joseErrors.JOSEError) return undefined;
      throw e;
    }
  }
}
