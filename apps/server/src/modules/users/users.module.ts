import { Module } from '@nestjs/common';
import { KeysModule } from '../keys/keys.module.js';
import { UsersController } from './users.controller.js';
import { UsersService } from './users.service.js';

@Module({ imports: [KeysModule], controllers: [UsersController], providers: [UsersService], exports: [UsersService] })
export class UsersModule {}
