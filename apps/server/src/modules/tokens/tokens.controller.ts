import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentActor, type Actor } from '../../common/actor.js';
import { Throttled } from '../../common/throttled.js';
import { Access, Public } from '../auth/access.decorator.js';
import { CreateTokenDto, JwksResponse, TokenResponse } from './dto/token.dto.js';
import { TokensService } from './tokens.service.js';

@ApiTags('tokens')
@Controller('api')
export class TokensController {
  constructor(private readonly tokens: TokensService) {}

  @Access('user')
  @ApiBearerAuth()
  @Throttled('credentials')
  @Post('tokens')
  @HttpCode(201)
  @ApiOkResponse({ type: TokenResponse })
  issue(@CurrentActor() actor: Actor, @Body() dto: CreateTokenDto) {
    return this.tokens.issue(actor, dto.destination);
  }

  @Public()
  @Get('.well-known/jwks.json')
  @ApiOkResponse({ type: JwksResponse })
  jwks() {
    return this.tokens.jwks();
  }
}
