// Runs the signing keys' due work (retiring superseded keys, rotating by age) on the change log's pruning interval.
// Every replica ticks; an advisory lock inside SigningKeysService.maintain() lets one at a time do the work.
import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { LOGGER, type Logger } from '../../common/logger.js';
import { Periodic } from '../../common/periodic.js';
import { SERVER_CONFIG, type ServerConfig } from '../../config/config.js';
import { SigningKeysService } from './signing-keys.service.js';

@Injectable()
export class SigningKeyRotator implements OnModuleInit, OnModuleDestroy {
  private readonly periodic: Periodic;

  constructor(
    private readonly keys: SigningKeysService,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(SERVER_CONFIG) config: ServerConfig,
  ) {
    this.periodic = new Periodic(config.changeLogPruneSeconds * 1000, () => this.round());
  }

  onModuleInit(): void {
    this.periodic.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.periodic.stop();
  }

  private round(): Promise<unknown> {
    return this.keys.maintain().then(
      (r) => (r?.rotated || r?.retired.length) && this.logger.info({ ...r }, 'signing keys maintained'),
      (e: Error) => this.logger.warn({ err: e, context: 'SigningKeyRotator' }, 'could not maintain the signing keys'),
    );
  }
}
