import { Module } from '@nestjs/common';
import { GroupsModule } from '../groups/groups.module.js';
import { UsersModule } from '../users/users.module.js';
import { GrantsController } from './grants.controller.js';
import { GrantsService } from './grants.service.js';

@Module({ imports: [UsersModule, GroupsModule], controllers: [GrantsController], providers: [GrantsService], exports: [GrantsService] })
export class GrantsModule {}
