import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import { SERVER_CONFIG, type ServerConfig } from './config/config.js';
import { Clock } from './common/clock.js';
import { JsonLogger } from './common/logger.js';
import { Database } from './db/database.js';
import { HealthModule } from './modules/health/health.module.js';
import { Metrics } from './modules/health/metrics.js';

/** Things every module may inject: configuration, database, clock, logger, metrics. */
@Module({})
export class CoreModule {
  static forRoot(config: ServerConfig, db: Database, logger: JsonLogger): DynamicModule {
    const providers: Provider[] = [
      { provide: SERVER_CONFIG, useValue: config },
      { provide: Database, useValue: db },
      { provide: JsonLogger, useValue: logger },
      Clock,
      Metrics,
    ];
    return { module: CoreModule, global: true, providers, exports: providers };
  }
}

@Module({})
export class AppModule {
  static forRoot(config: ServerConfig, db: Database, logger: JsonLogger): DynamicModule {
    return {
      module: AppModule,
      imports: [CoreModule.forRoot(config, db, logger), HealthModule],
    };
  }
}
