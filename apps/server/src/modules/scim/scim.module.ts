import { Module } from '@nestjs/common';
import { GroupsModule } from '../groups/groups.module.js';
import { KeysModule } from '../keys/keys.module.js';
import { ProvidersModule } from '../providers/providers.module.js';
import { UsersModule } from '../users/users.module.js';
import { ScimGroupsService } from './scim-groups.service.js';
import { ScimTokenController } from './scim-token.controller.js';
import { ScimTokensService } from './scim-tokens.service.js';
import { ScimController } from './scim.controller.js';
import { ScimGuard } from './scim.guard.js';
import { ScimRepository } from './scim.repository.js';
import { ScimUsersService } from './scim-users.service.js';

@Module({
  imports: [UsersModule, GroupsModule, KeysModule, ProvidersModule],
  controllers: [ScimController, ScimTokenController],
  providers: [ScimRepository, ScimTokensService, ScimUsersService, ScimGroupsService, ScimGuard],
})
export class ScimModule {}
