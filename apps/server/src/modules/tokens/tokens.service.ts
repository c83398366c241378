// Exchanges a valid credential for a short-lived token that kubectl presents to a destination's
// connector. Claims follow libs/access/src/token.ts exactly.
import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { SignJWT } from 'jose';
import { TOKEN_ALG, TOKEN_ISSUER } from '@infra/access';
import { callerOf, type Actor } from '../../common/actor.js';
import { Clock } from '../../common/clock.js';
import { ForbiddenError, NotFoundError } from '../../common/errors.js';
import { SERVER_CONFIG, type ServerConfig } from '../../config/config.js';
import { AuditService } from '../audit/audit.service.js';
import { DestinationsRepository } from '../destinations/destinations.repository.js';
import { GrantsRepository } from '../grants/grants.repository.js';
import type { JwksResponse, TokenResponse } from './dto/token.dto.js';
import { SigningKeysService } from './signing-keys.service.js';

@Injectable()
export class TokensService {
  constructor(
    private readonly signingKeys: SigningKeysService,
    private readonly destinations: DestinationsRepository,
    private readonly grants: GrantsRepository,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    @Inject(SERVER_CONFIG) private readonly config: ServerConfig,
  ) {}

  async issue(actor: Actor, destination: string): Promise<TokenResponse> {
    const caller = callerOf(actor);
    const target = await this.destinations.findByName(destination);
    if (!target) throw new NotFoundError(`destination "${destination}"`);
    // A token opens nothing without a grant; refusing it here tells the user which grant is missing.
    if (!(await this.grants.holdsOnDestination(caller.userId, destination, this.clock.now()))) {
      throw new ForbiddenError(
        `you have no grant on ${destination}; ask an Infra admin to run ` +
          `\`infra grants add ${caller.name} ${destination} --role view\`, or ask for access for a while: ` +
          `\`infra request ${destination} --role view --for 1h --reason "..."\``,
      );
    }
    const { kid, privateKey } = await this.signingKeys.signingKey();
    const now = Math.floor(this.clock.now().getTime() / 1000);
    const exp = now + this.config.tokenTtlSeconds;
    const tokenId = randomUUID();
    const token = await new SignJWT({ name: caller.name, sid: caller.credentialId })
      .setProtectedHeader({ alg: TOKEN_ALG, kid, typ: 'JWT' })
      .setSubject(caller.userId)
      .setAudience(destination)
      .setIssuer(TOKEN_ISSUER)
      .setIssuedAt(now)
      .setExpirationTime(exp)
      .setJti(tokenId)
      .sign(privateKey);
    const expires = new Date(exp * 1000).toISOString();
    // Who got a way into which destination until when; the token itself is a credential and stays out.
    await this.audit.recordAlone(actor, {
      action: 'tokens.issue',
      targetType: 'destination',
      targetId: target.id,
      targetName: destination,
      details: { tokenID: tokenId, credentialID: caller.credentialId, expires },
    });
    return { token, expires };
  }

  async jwks(): Promise<JwksResponse> {
    return { keys: (await this.signingKeys.publicKeys()).map((k) => ({ ...k.jwk, kid: k.kid })) };
  }
}
