import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { SettingsRepository } from '../../db/settings.repository.js';
import { GrantsModule } from '../grants/grants.module.js';
import { KeysModule } from '../keys/keys.module.js';
import { ProvidersModule } from '../providers/providers.module.js';
import { UsersModule } from '../users/users.module.js';
import { AccessGuard } from './access.guard.js';
import { AuthController } from './auth.controller.js';
import { AuthService } from './auth.service.js';
import { ProviderSignInController } from './provider-sign-in.controller.js';
import { SessionController } from './session.controller.js';
import { BootstrapService } from './bootstrap.service.js';

@Module({
  imports: [UsersModule, KeysModule, GrantsModule, ProvidersModule],
  controllers: [AuthController, SessionController, ProviderSignInController],
  providers: [AuthService, BootstrapService, SettingsRepository, { provide: APP_GUARD, useClass: AccessGuard }],
  exports: [AuthService],
})
export class AuthModule {}
