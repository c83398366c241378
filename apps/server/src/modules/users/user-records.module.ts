import { Module } from '@nestjs/common';
import { UsersRepository } from './users.repository.js';

/**
 * The users table on its own, for modules that read users but sit below UsersModule (keys: UsersModule imports
 * KeysModule to end sessions on a password change, so KeysModule cannot import UsersModule back).
 */
@Module({ providers: [UsersRepository], exports: [UsersRepository] })
export class UserRecordsModule {}
