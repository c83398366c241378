import { Module } from '@nestjs/common';
import { ChangesModule } from '../changes/changes.module.js';
import { GroupsModule } from '../groups/groups.module.js';
import { UsersModule } from '../users/users.module.js';
import { GrantsController } from './grants.controller.js';
import { GrantsRepository } from './grants.repository.js';
import { GrantsService } from './grants.service.js';

@Module({
  imports: [UsersModule, GroupsModule, ChangesModule],
  controllers: [GrantsController],
  providers: [GrantsService, GrantsRepository],
  exports: [GrantsService, GrantsRepository],
})
export class GrantsModule {}
