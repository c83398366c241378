import {
  Body,
  Controller,
  Delete,
  Get,
  Header,
  HttpCode,
  Param,
  Patch,
  Post,
  Put,
  Query,
  UseGuards,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { CurrentActor, type Actor } from '../../common/actor.js';
import { Public } from '../auth/access.decorator.js';
import type { ProviderEntity } from '../providers/provider.entity.js';
import { SCIM_CONTENT_TYPE } from './scim-errors.js';
import { ScimGroupsService } from './scim-groups.service.js';
import { ScimGuard, type ScimRequest } from './scim.guard.js';
import { ScimUsersService } from './scim-users.service.js';

/** The provider whose SCIM token authenticated the request (ScimGuard). */
const ScimProvider = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): ProviderEntity => ctx.switchToHttp().getRequest<ScimRequest>().scimProvider!,
);

type Query_ = Record<string, unknown>;

/**
 * SCIM 2.0 for Okta and Entra provisioning (README.md). Outside the OpenAPI document: its clients speak SCIM, and
 * bodies are read by scim-schema.ts (lenient where the two IdPs differ), not by DTO validation.
 */
@ApiExcludeController()
@Public()
@UseGuards(ScimGuard)
@Controller('api/scim/v2')
export class ScimController {
  constructor(
    private readonly users: ScimUsersService,
    private readonly groups: ScimGroupsService,
  ) {}

  @Get('Users')
  @Header('Content-Type', SCIM_CONTENT_TYPE)
  listUsers(@ScimProvider() p: ProviderEntity, @Query() query: Query_) {
    return this.users.list(p, query);
  }

  @Get('Users/:id')
  @Header('Content-Type', SCIM_CONTENT_TYPE)
  getUser(@ScimProvider() p: ProviderEntity, @Param('id') id: string) {
    return this.users.get(p, id);
  }

  @Post('Users')
  @Header('Content-Type', SCIM_CONTENT_TYPE)
  createUser(@CurrentActor() a: Actor, @ScimProvider() p: ProviderEntity, @Body() body: unknown) {
    return this.users.create(a, p, body);
  }

  @Put('Users/:id')
  @Header('Content-Type', SCIM_CONTENT_TYPE)
  replaceUser(
    @CurrentActor() a: Actor,
    @ScimProvider() p: ProviderEntity,
    @Param('id') id: string,
    @Body() body: unknown,
  ) {
    return this.users.replace(a, p, id, body);
  }

  @Patch('Users/:id')
  @Header('Content-Type', SCIM_CONTENT_TYPE)
  patchUser(
    @CurrentActor() a: Actor,
    @ScimProvider() p: ProviderEntity,
    @Param('id') id: string,
    @Body() body: unknown,
  ) {
    return this.users.patch(a, p, id, body);
  }

  @Delete('Users/:id')
  @HttpCode(204)
  async deleteUser(@CurrentActor() a: Actor, @ScimProvider() p: ProviderEntity, @Param('id') id: string) {
    await this.users.delete(a, p, id);
  }

  @Get('Groups')
  @Header('Content-Type', SCIM_CONTENT_TYPE)
  listGroups(@ScimProvider() p: ProviderEntity, @Query() query: Query_) {
    return this.groups.list(p, query);
  }

  @Get('Groups/:id')
  @Header('Content-Type', SCIM_CONTENT_TYPE)
  getGroup(@ScimProvider() p: ProviderEntity, @Param('id') id: string, @Query() query: Query_) {
    return this.groups.get(p, id, query);
  }

  @Post('Groups')
  @Header('Content-Type', SCIM_CONTENT_TYPE)
  createGroup(@CurrentActor() a: Actor, @ScimProvider() p: ProviderEntity, @Body() body: unknown) {
    return this.groups.create(a, p, body);
  }

  @Put('Groups/:id')
  @Header('Content-Type', SCIM_CONTENT_TYPE)
  replaceGroup(
    @CurrentActor() a: Actor,
    @ScimProvider() p: ProviderEntity,
    @Param('id') id: string,
    @Body() body: unknown,
  ) {
    return this.groups.replace(a, p, id, body);
  }

  @Patch('Groups/:id')
  @Header('Content-Type', SCIM_CONTENT_TYPE)
  patchGroup(
    @CurrentActor() a: Actor,
    @ScimProvider() p: ProviderEntity,
    @Param('id') id: string,
    @Body() body: unknown,
  ) {
    return this.groups.patch(a, p, id, body);
  }

  @Delete('Groups/:id')
  @HttpCode(204)
  async deleteGroup(@CurrentActor() a: Actor, @ScimProvider() p: ProviderEntity, @Param('id') id: string) {
    await this.groups.delete(a, p, id);
  }
}
