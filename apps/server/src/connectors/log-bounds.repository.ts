import { Injectable } from '@nestjs/common';
import { Database } from '../db/database.js';
import { Repository } from '../db/repository.js';

/** Which part of the change log a connector can still resume from. */
@Injectable()
export class LogBoundsRepository extends Repository {
  constructor(db: Database) {
    super(db);
  }

  /** The oldest and newest sequence still in the change log (0 when it is empty). */
  async logBounds(): Promise<{ oldest: number; newest: number }> {
    const [row] = (await this.em().query(
      'SELECT COALESCE(MIN(sequence), 0) AS oldest, COALESCE(MAX(sequence), 0) AS newest FROM changes',
    )) as { oldest: string; newest: string }[];
    return { oldest: Number(row?.oldest ?? 0), newest: Number(row?.newest ?? 0) };
  }
}
