import { Module } from '@nestjs/common';
import { ChangesModule } from '../changes/changes.module.js';
import { DestinationsModule } from '../destinations/destinations.module.js';
import { GrantsModule } from '../grants/grants.module.js';
import { SigningKeyRotator } from './signing-key-rotator.js';
import { SigningKeysController } from './signing-keys.controller.js';
import { SigningKeysRepository } from './signing-keys.repository.js';
import { SigningKeysService } from './signing-keys.service.js';
import { TokensController } from './tokens.controller.js';
import { TokensService } from './tokens.service.js';

@Module({
  imports: [DestinationsModule, GrantsModule, ChangesModule],
  controllers: [TokensController, SigningKeysController],
  providers: [TokensService, SigningKeysService, SigningKeyRotator, SigningKeysRepository],
  exports: [TokensService, SigningKeysService],
})
export class TokensModule {}
