// Runs the signing keys' due work (retiring superseded keys, rotating by age) on the change log's pruning interval.
// Every replica ticks; an advisory lock inside SigningKeysService.maintain() lets one at a time do the work.
import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { JsonLogger } from '../../common/logger.js';
import { SERVER_CONFIG, type ServerConfig } from '../../config/config.js';
import { SigningKeysService } from './signing-keys.service.js';

@Injectable()
export class SigningKeyRotator implements OnModuleInit, OnModuleDestroy {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;

  constructor(
    private readonly keys: SigningKeysService,
    private readonly logger: JsonLogger,
    @Inject(SERVER_CONFIG) private readonly config: ServerConfig,
  ) {}

  onModuleInit(): void {
    this.timer = setInterval(() => this.tick(), this.config.changeLogPruneSeconds * 1000);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  private tick(): void {
    if (this.running) return;
    this.running = this.keys.maintain()
      .then(
        (r) => (r?.rotated || r?.retired.length) && this.logger.info('signing keys maintained', { ...r }),
        (e: Error) => this.logger.warn(`could not maintain the signing keys: ${e.message}`, 'SigningKeyRotator'),
      )
      .finally(() => (this.running = undefined));
  }
}
