import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { ProviderEntity } from '../providers/provider.entity.js';
import { ScimTokensService } from './scim-tokens.service.js';

export type ScimRequest = Request & { scimProvider?: ProviderEntity };

/** SCIM routes are public to Infra's own access guard and need a provider's SCIM token instead. */
@Injectable()
export class ScimGuard implements CanActivate {
  constructor(private readonly tokens: ScimTokensService) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const req = ctx.switchToHttp().getRequest<ScimRequest>();
    const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
    req.scimProvider = await this.tokens.authenticate(match?.[1]);
    return true;
  }
}
