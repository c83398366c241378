import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { SERVER_CONFIG, type ServerConfig } from './config/config.js';
import { Clock } from './common/clock.js';
import { PasswordHasher } from './common/password-hasher.js';
import { Throttle } from './common/throttle.js';
import { ThrottleInterceptor } from './common/throttled.js';
import { LoggerModule } from 'nestjs-pino';
import { LOGGER, loggerParams, type Logger } from './common/logger.js';
import { Database } from './db/database.js';
import { AuditModule } from './modules/audit/audit.module.js';
import { AuthModule } from './modules/auth/auth.module.js';
import { ChangesModule } from './modules/changes/changes.module.js';
import { GrantsModule } from './modules/grants/grants.module.js';
import { GroupsModule } from './modules/groups/groups.module.js';
import { HealthModule } from './modules/health/health.module.js';
import { KeysModule } from './modules/keys/keys.module.js';
import { ProvidersModule } from './modules/providers/providers.module.js';
import { ScimModule } from './modules/scim/scim.module.js';
import { UsersModule } from './modules/users/users.module.js';
import { DestinationsModule } from './modules/destinations/destinations.module.js';
import { TokensModule } from './modules/tokens/tokens.module.js';
import { RootKeyCipher } from './common/root-key.js';
import { Metrics } from './modules/health/metrics.js';
import { ConnectorsModule } from './connectors/connectors.module.js';
import { ApplyModule } from './modules/apply/apply.module.js';
import { RequestsModule } from './modules/requests/requests.module.js';
import { DeviceModule } from './modules/device/device.module.js';
import { ExpiryModule } from './modules/expiry/expiry.module.js';

/** Things every module may inject: configuration, database, clock, logger, metrics, the console printer, password hashing, throttling. */
@Module({})
export class CoreModule {
  static forRoot(config: ServerConfig, db: Database, logger: Logger, print: (line: string) => void): DynamicModule {
    const providers: Provider[] = [
      { provide: SERVER_CONFIG, useValue: config },
      { provide: 'PRINT', useValue: print },
      { provide: Database, useValue: db },
      { provide: LOGGER, useValue: logger },
      { provide: RootKeyCipher, useValue: RootKeyCipher.fromConfig(config) },
      Clock,
      Metrics,
      PasswordHasher,
      Throttle,
    ];
    return {
      module: CoreModule,
      global: true,
      providers: [...providers, { provide: APP_INTERCEPTOR, useClass: ThrottleInterceptor }],
      exports: providers,
    };
  }
}

@Module({})
export class AppModule {
  static forRoot(config: ServerConfig, db: Database, logger: Logger, print: (line: string) => void): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.forRoot(config, db, logger, print),
        LoggerModule.forRoot(loggerParams(logger)),
        AuditModule,
        ChangesModule,
        HealthModule,
        AuthModule,
        UsersModule,
        KeysModule,
        GroupsModule,
        GrantsModule,
        DestinationsModule,
        TokensModule,
        ProvidersModule,
        ScimModule,
        ConnectorsModule,
        ApplyModule,
        RequestsModule,
        DeviceModule,
        ExpiryModule,
      ],
    };
  }
}
