import { Global, Module } from '@nestjs/common';
import { ChangesService } from './changes.service.js';
import { SnapshotRepository } from './snapshot.repository.js';
import { SnapshotService } from './snapshot.service.js';

@Global()
@Module({ providers: [ChangesService, SnapshotService, SnapshotRepository], exports: [ChangesService, SnapshotService] })
export class ChangesModule {}
