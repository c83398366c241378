import { Global, Module } from '@nestjs/common';
import { AudienceRepository } from './audience.repository.js';
import { ChangesService } from './changes.service.js';
import { ConnectorAudience } from './connector-audience.js';
import { SnapshotRepository } from './snapshot.repository.js';
import { SnapshotService } from './snapshot.service.js';

@Global()
@Module({
  providers: [ChangesService, SnapshotService, SnapshotRepository, ConnectorAudience, AudienceRepository],
  exports: [ChangesService, SnapshotService, ConnectorAudience],
})
export class ChangesModule {}
