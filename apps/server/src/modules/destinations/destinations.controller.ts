import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentActor, type Actor } from '../../common/actor.js';
import { ApiPage } from '../../common/api-page.js';
import { IdParam } from '../../common/id-param.js';
import { Access } from '../auth/access.decorator.js';
import { DestinationsService } from './destinations.service.js';
import {
  CreatedDestinationResponse,
  CreateDestinationDto,
  DestinationResponse,
  ListDestinationsQuery,
} from './dto/destination.dto.js';

@ApiTags('destinations')
@ApiBearerAuth()
@Controller('api/destinations')
export class DestinationsController {
  constructor(private readonly destinations: DestinationsService) {}

  /** Every signed-in user may list destinations (`infra login` writes kubeconfig entries from them); plain users see their own. */
  @Access('user')
  @Get()
  @ApiPage(DestinationResponse)
  list(@CurrentActor() actor: Actor, @Query() query: ListDestinationsQuery) {
    return this.destinations.list(actor, query);
  }

  @Access('user')
  @Get(':id')
  @ApiOkResponse({ type: DestinationResponse })
  get(@CurrentActor() actor: Actor, @Param('id', IdParam) id: string) {
    return this.destinations.get(actor, id);
  }

  @Access('admin')
  @Post()
  @ApiCreatedResponse({ type: CreatedDestinationResponse })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateDestinationDto) {
    return this.destinations.create(actor, dto);
  }

  @Access('admin')
  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse()
  async delete(@CurrentActor() actor: Actor, @Param('id', IdParam) id: string): Promise<void> {
    await this.destinations.delete(actor, id);
  }
}
