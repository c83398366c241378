import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentActor, type Actor } from '../../common/actor.js';
import { ApiPage } from '../../common/api-page.js';
import { IdParam } from '../../common/id-param.js';
import { Throttled } from '../../common/throttled.js';
import { Access, Public } from '../auth/access.decorator.js';
import {
  CreateProviderDto,
  ListProvidersQuery,
  ProviderLoginResponse,
  ProviderResponse,
  StartProviderLoginQuery,
  UpdateProviderDto,
} from './dto/provider.dto.js';
import { ProviderLoginService } from './provider-login.service.js';
import { ProvidersService } from './providers.service.js';

@ApiTags('providers')
@Controller('api/providers')
export class ProvidersController {
  constructor(
    private readonly providers: ProvidersService,
    private readonly logins: ProviderLoginService,
  ) {}

  /** Public: `infra login` shows the providers before anyone has logged in (names and issuers, never secrets). */
  @Public()
  @Get()
  @ApiPage(ProviderResponse)
  list(@Query() query: ListProvidersQuery) {
    return this.providers.list(query);
  }

  @Public()
  @Get(':id')
  @ApiOkResponse({ type: ProviderResponse })
  get(@Param('id', IdParam) id: string) {
    return this.providers.get(id);
  }

  /** Starts a browser login: the provider's authorization URL for this redirect URI (see provider-login.service.ts). */
  @Public()
  @Throttled('login')
  @Get(':name/login')
  @ApiOkResponse({ type: ProviderLoginResponse })
  startLogin(@Param('name') name: string, @Query() query: StartProviderLoginQuery) {
    return this.logins.start(name, query.redirect_uri);
  }

  @Access('admin')
  @ApiBearerAuth()
  @Post()
  @ApiCreatedResponse({ type: ProviderResponse })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateProviderDto) {
    return this.providers.create(actor, dto);
  }

  @Access('admin')
  @ApiBearerAuth()
  @Patch(':id')
  @ApiOkResponse({ type: ProviderResponse })
  update(@CurrentActor() actor: Actor, @Param('id', IdParam) id: string, @Body() dto: UpdateProviderDto) {
    return this.providers.update(actor, id, dto);
  }

  @Access('admin')
  @ApiBearerAuth()
  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse()
  async delete(@CurrentActor() actor: Actor, @Param('id', IdParam) id: string): Promise<void> {
    await this.providers.delete(actor, id);
  }
}
