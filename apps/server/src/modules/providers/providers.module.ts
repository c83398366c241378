import { Module } from '@nestjs/common';
import { UsersModule } from '../users/users.module.js';
import { OidcClient } from './oidc-client.js';
import { ProviderLoginService } from './provider-login.service.js';
import { ProvidersController } from './providers.controller.js';
import { ProvidersRepository } from './providers.repository.js';
import { ProvidersService } from './providers.service.js';

@Module({
  imports: [UsersModule],
  controllers: [ProvidersController],
  providers: [ProvidersService, ProviderLoginService, ProvidersRepository, OidcClient],
  exports: [ProvidersService, ProviderLoginService],
})
export class ProvidersModule {}
