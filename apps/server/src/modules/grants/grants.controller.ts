import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentActor, type Actor } from '../../common/actor.js';
import { ApiPage } from '../../common/api-page.js';
import { IdParam } from '../../common/id-param.js';
import { Access } from '../auth/access.decorator.js';
import {
  CreatedGrantResponse,
  CreateGrantDto,
  DeleteGrantsQuery,
  GrantResponse,
  ListGrantsQuery,
} from './dto/grant.dto.js';
import { GrantsService } from './grants.service.js';

@ApiTags('grants')
@ApiBearerAuth()
@Controller('api/grants')
export class GrantsController {
  constructor(private readonly grants: GrantsService) {}

  @Access('user')
  @Get()
  @ApiPage(GrantResponse)
  list(@CurrentActor() actor: Actor, @Query() query: ListGrantsQuery) {
    return this.grants.list(actor, query);
  }

  @Access('admin')
  @Post()
  @ApiCreatedResponse({ type: CreatedGrantResponse, description: 'created' })
  @ApiOkResponse({ type: CreatedGrantResponse, description: 'already existed (wasCreated: false)' })
  async create(@CurrentActor() actor: Actor, @Body() dto: CreateGrantDto, @Res({ passthrough: true }) res: Response) {
    const grant = await this.grants.create(actor, dto);
    res.status(grant.wasCreated ? 201 : 200);
    return grant;
  }

  @Access('admin')
  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse()
  async deleteById(@CurrentActor() actor: Actor, @Param('id', IdParam) id: string): Promise<void> {
    await this.grants.deleteById(actor, id);
  }

  @Access('admin')
  @Delete()
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'removed; 404 when no grant matches' })
  async deleteMatching(@CurrentActor() actor: Actor, @Query() query: DeleteGrantsQuery): Promise<void> {
    await this.grants.deleteMatching(actor, query);
  }
}
