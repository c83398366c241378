import { Module } from '@nestjs/common';
import { GrantsModule } from '../grants/grants.module.js';
import { KeysModule } from '../keys/keys.module.js';
import { ExpiryAuditor } from './expiry-auditor.js';

/** The audit log's record of access that ended by itself: time-bound grants, login sessions and access keys. */
@Module({
  imports: [GrantsModule, KeysModule],
  providers: [ExpiryAuditor],
})
export class ExpiryModule {}
