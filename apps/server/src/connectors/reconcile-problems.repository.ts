import { Injectable } from '@nestjs/common';
import { Database } from '../db/database.js';
import { Repository } from '../db/repository.js';
import { ReconcileProblemsEntity, type ReconcileProblem } from './reconcile-problems.entity.js';

@Injectable()
export class ReconcileProblemsRepository extends Repository {
  constructor(db: Database) {
    super(db);
  }

  /** Each report replaces the previous one: it is the reconciler's full, current list. */
  async save(destinationId: string, problems: ReconcileProblem[], reportedAt: Date): Promise<void> {
    await this.em().upsert(ReconcileProblemsEntity, { destinationId, problems, reportedAt }, ['destinationId']);
  }

  find(destinationId: string): Promise<ReconcileProblemsEntity | null> {
    return this.em().findOneBy(ReconcileProblemsEntity, { destinationId });
  }
}
