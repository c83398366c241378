import { Module } from '@nestjs/common';
import { GroupsModule } from '../groups/groups.module.js';
import { KeysModule } from '../keys/keys.module.js';
import { UsersModule } from '../users/users.module.js';
import { DirectoryClient } from './directory/directory.js';
import { GroupSyncService } from './group-sync.service.js';
import { ProviderSessionsService } from './provider-sessions.service.js';
import { ProviderSyncRepository } from './provider-sync.repository.js';
import { OidcClient } from './oidc-client.js';
import { ProviderLoginService } from './provider-login.service.js';
import { ProvidersController } from './providers.controller.js';
import { ProvidersRepository } from './providers.repository.js';
import { ProvidersService } from './providers.service.js';

@Module({
  imports: [UsersModule, GroupsModule, KeysModule],
  controllers: [ProvidersController],
  providers: [
    ProvidersService,
    ProviderLoginService,
    ProvidersRepository,
    OidcClient,
    ProviderSyncRepository,
    GroupSyncService,
    DirectoryClient,
    ProviderSessionsService,
  ],
  exports: [ProvidersService, ProviderLoginService, ProviderSessionsService],
})
export class ProvidersModule {}
