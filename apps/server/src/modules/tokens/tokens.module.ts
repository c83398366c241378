import { Module } from '@nestjs/common';
import { SigningKeysService } from './signing-keys.service.js';
import { TokensController } from './tokens.controller.js';
import { TokensService } from './tokens.service.js';

@Module({ controllers: [TokensController], providers: [TokensService, SigningKeysService], exports: [TokensService, SigningKeysService] })
export class TokensModule {}
