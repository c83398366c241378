import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiTags } from '@nestjs/swagger';
import { CurrentActor, type Actor } from '../../common/actor.js';
import { ApiPage } from '../../common/api-page.js';
import { IdParam } from '../../common/id-param.js';
import { Throttled } from '../../common/throttled.js';
import { Access } from '../auth/access.decorator.js';
import { CreatedKeyResponse, CreateKeyDto, KeyResponse, ListKeysQuery } from './dto/key.dto.js';
import { KeysService } from './keys.service.js';

@ApiTags('keys')
@ApiBearerAuth()
@Controller('api/keys')
export class KeysController {
  constructor(private readonly keys: KeysService) {}

  @Access('user')
  @Get()
  @ApiPage(KeyResponse)
  list(@CurrentActor() actor: Actor, @Query() query: ListKeysQuery) {
    return this.keys.list(actor, query);
  }

  @Access('user')
  @Throttled('credentials')
  @Post()
  @ApiCreatedResponse({ type: CreatedKeyResponse })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateKeyDto) {
    return this.keys.create(actor, dto);
  }

  @Access('user')
  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse()
  async delete(@CurrentActor() actor: Actor, @Param('id', IdParam) id: string): Promise<void> {
    await this.keys.delete(actor, id);
  }
}
