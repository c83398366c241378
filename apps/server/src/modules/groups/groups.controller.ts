import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentActor, type Actor } from '../../common/actor.js';
import { ApiPage } from '../../common/api-page.js';
import { IdParam } from '../../common/id-param.js';
import { PageQuery } from '../../common/pagination.js';
import { Access } from '../auth/access.decorator.js';
import { UserResponse } from '../users/dto/user.response.js';
import { CreateGroupDto, GroupResponse, ListGroupsQuery, UpdateMembersDto } from './dto/group.dto.js';
import { GroupsService } from './groups.service.js';

@ApiTags('groups')
@ApiBearerAuth()
@Controller('api/groups')
export class GroupsController {
  constructor(private readonly groups: GroupsService) {}

  @Access('user')
  @Get()
  @ApiPage(GroupResponse)
  list(@CurrentActor() actor: Actor, @Query() query: ListGroupsQuery) {
    return this.groups.list(actor, query);
  }

  @Access('user')
  @Get(':id')
  @ApiOkResponse({ type: GroupResponse })
  get(@CurrentActor() actor: Actor, @Param('id', IdParam) id: string) {
    return this.groups.get(actor, id);
  }

  @Access('admin')
  @Post()
  @ApiCreatedResponse({ type: GroupResponse })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateGroupDto) {
    return this.groups.create(actor, dto);
  }

  @Access('admin')
  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse()
  async delete(@CurrentActor() actor: Actor, @Param('id', IdParam) id: string): Promise<void> {
    await this.groups.delete(actor, id);
  }

  @Access('view')
  @Get(':id/users')
  @ApiPage(UserResponse)
  members(@Param('id', IdParam) id: string, @Query() page: PageQuery) {
    return this.groups.members(id, page);
  }

  @Access('admin')
  @Patch(':id/users')
  @ApiOkResponse({ type: GroupResponse })
  updateMembers(@CurrentActor() actor: Actor, @Param('id', IdParam) id: string, @Body() dto: UpdateMembersDto) {
    return this.groups.updateMembers(actor, id, dto);
  }
}
