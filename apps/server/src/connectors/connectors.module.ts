import { Module } from '@nestjs/common';
import { AuthModule } from '../modules/auth/auth.module.js';
import { ChangesModule } from '../modules/changes/changes.module.js';
import { DestinationsModule } from '../modules/destinations/destinations.module.js';
import { ChangeFeeds } from './change-feed.js';
import { ChangeLogPruner } from './change-log-pruner.js';
import { ConnectionStateRepository } from './connection-state.repository.js';
import { ConnectorStreams } from './connector-streams.js';
import { ConnectorsController } from './connectors.controller.js';
import { ConnectorsService } from './connectors.service.js';
import { LogBoundsRepository } from './log-bounds.repository.js';
import { ProxyAuditRepository } from './proxy-audit.repository.js';
import { ReconcileProblemsRepository } from './reconcile-problems.repository.js';

/** The connector stream: registration, snapshot and changes, heartbeats, and what connectors report. */
@Module({
  imports: [AuthModule, DestinationsModule, ChangesModule],
  controllers: [ConnectorsController],
  providers: [
    ConnectorStreams,
    ConnectorsService,
    ChangeFeeds,
    ChangeLogPruner,
    ConnectionStateRepository,
    LogBoundsRepository,
    ProxyAuditRepository,
    ReconcileProblemsRepository,
  ],
  exports: [ConnectorStreams, ChangeLogPruner],
})
export class ConnectorsModule {}
