import { Module } from '@nestjs/common';
import { SigningKeyRotator } from './signing-key-rotator.js';
import { SigningKeysController } from './signing-keys.controller.js';
import { SigningKeysService } from './signing-keys.service.js';
import { TokensController } from './tokens.controller.js';
import { TokensService } from './tokens.service.js';

@Module({
  controllers: [TokensController, SigningKeysController],
  providers: [TokensService, SigningKeysService, SigningKeyRotator],
  exports: [TokensService, SigningKeysService],
})
export class TokensModule {}
