import { Module } from '@nestjs/common';
import { GrantsModule } from '../grants/grants.module.js';
import { GroupsModule } from '../groups/groups.module.js';
import { UsersModule } from '../users/users.module.js';
import { AppliedObjectsRepository } from './applied-objects.repository.js';
import { ApplyController } from './apply.controller.js';
import { ApplyService } from './apply.service.js';

@Module({
  imports: [UsersModule, GroupsModule, GrantsModule],
  controllers: [ApplyController],
  providers: [ApplyService, AppliedObjectsRepository],
  exports: [ApplyService],
})
export class ApplyModule {}
