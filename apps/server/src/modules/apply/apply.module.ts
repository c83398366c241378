import { Module } from '@nestjs/common';
import { GrantsModule } from '../grants/grants.module.js';
import { GroupsModule } from '../groups/groups.module.js';
import { ProvidersModule } from '../providers/providers.module.js';
import { UsersModule } from '../users/users.module.js';
import { AppliedObjectsRepository } from './applied-objects.repository.js';
import { ApplyController } from './apply.controller.js';
import { ApplyService } from './apply.service.js';
import { AppliedProviders } from './providers.js';

@Module({
  imports: [UsersModule, GroupsModule, GrantsModule, ProvidersModule],
  controllers: [ApplyController],
  providers: [ApplyService, AppliedObjectsRepository, AppliedProviders],
  exports: [ApplyService],
})
export class ApplyModule {}
