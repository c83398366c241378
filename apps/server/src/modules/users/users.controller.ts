import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentActor, type Actor } from '../../common/actor.js';
import { ApiPage } from '../../common/api-page.js';
import { IdParam } from '../../common/id-param.js';
import { Access, AllowedBeforePasswordChange } from '../auth/access.decorator.js';
import { CreateUserDto, UpdateUserDto } from './dto/create-user.dto.js';
import { ListUsersQuery } from './dto/list-users.query.js';
import { CreatedUserResponse, UserResponse } from './dto/user.response.js';
import { UsersService } from './users.service.js';

@ApiTags('users')
@ApiBearerAuth()
@Controller('api/users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Access('view')
  @Get()
  @ApiPage(UserResponse)
  list(@Query() query: ListUsersQuery) {
    return this.users.list(query);
  }

  @Access('user')
  @AllowedBeforePasswordChange()
  @Get('self')
  @ApiOkResponse({ type: UserResponse })
  self(@CurrentActor() actor: Actor) {
    return this.users.self(actor);
  }

  @Access('user')
  @Get(':id')
  @ApiOkResponse({ type: UserResponse })
  get(@CurrentActor() actor: Actor, @Param('id', IdParam) id: string) {
    return this.users.get(actor, id);
  }

  @Access('admin')
  @Post()
  @ApiCreatedResponse({ type: CreatedUserResponse })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateUserDto) {
    return this.users.create(actor, dto);
  }

  @Access('user')
  @AllowedBeforePasswordChange()
  @Put(':id')
  @ApiOkResponse({ type: UserResponse })
  update(@CurrentActor() actor: Actor, @Param('id', IdParam) id: string, @Body() dto: UpdateUserDto) {
    return this.users.setPassword(actor, id, dto);
  }

  @Access('admin')
  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse()
  async delete(@CurrentActor() actor: Actor, @Param('id', IdParam) id: string): Promise<void> {
    await this.users.delete(actor, id);
  }
}
