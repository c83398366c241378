import { Module } from '@nestjs/common';
import { AudienceRepository } from './audience.repository.js';
import { ChangesService } from './changes.service.js';
import { ConnectorAudience } from './connector-audience.js';
import { ChangeProjection } from './projection.js';
import { SnapshotRepository } from './snapshot.repository.js';
import { SnapshotService } from './snapshot.service.js';

/**
 * The change log and what feeds it. Services record domain events through ChangeProjection (the only writer of
 * entries); the connector stream reads ChangesService and SnapshotService.
 */
@Module({
  providers: [
    ChangesService,
    SnapshotService,
    SnapshotRepository,
    ChangeProjection,
    ConnectorAudience,
    AudienceRepository,
  ],
  exports: [ChangesService, SnapshotService, ChangeProjection],
})
export class ChangesModule {}
