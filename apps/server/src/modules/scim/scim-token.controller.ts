import { Controller, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiTags } from '@nestjs/swagger';
import { CurrentActor, type Actor } from '../../common/actor.js';
import { Access } from '../auth/access.decorator.js';
import { ScimTokenResponse } from './dto/scim-token.dto.js';
import { ScimTokensService } from './scim-tokens.service.js';

@ApiTags('providers')
@ApiBearerAuth()
@Controller('api/providers')
export class ScimTokenController {
  constructor(private readonly tokens: ScimTokensService) {}

  /** A new SCIM bearer token for the provider (by name or id), replacing any earlier one; shown once. */
  @Access('admin')
  @Post(':provider/scim-token')
  @ApiCreatedResponse({ type: ScimTokenResponse })
  issue(@CurrentActor() actor: Actor, @Param('provider') ref: string) {
    return this.tokens.issue(actor, ref);
  }
}
