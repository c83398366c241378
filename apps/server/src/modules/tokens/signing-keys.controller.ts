import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentActor, type Actor } from '../../common/actor.js';
import { Access } from '../auth/access.decorator.js';
import { SigningKeysResponse } from './dto/signing-key.dto.js';
import { SigningKeysService } from './signing-keys.service.js';

@ApiTags('tokens')
@ApiBearerAuth()
@Controller('api/signing-keys')
export class SigningKeysController {
  constructor(private readonly keys: SigningKeysService) {}

  /** The published keys: the one that signs and those superseded but still verified, with when each retires. */
  @Access('view')
  @Get()
  @ApiOkResponse({ type: SigningKeysResponse })
  async list(): Promise<SigningKeysResponse> {
    return { keys: await this.keys.list() };
  }

  /** A new key signs from now on; the previous one is verified until the tokens it signed have expired. */
  @Access('admin')
  @Post('rotate')
  @HttpCode(200)
  @ApiOkResponse({ type: SigningKeysResponse })
  async rotate(@CurrentActor() actor: Actor): Promise<SigningKeysResponse> {
    return { keys: await this.keys.rotate(actor) };
  }
}
