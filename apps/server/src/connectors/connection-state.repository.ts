// Connection state on the destinations row, written by the stream as it observes the connector.
// A connector may reconnect to another replica before this one notices the old stream ended, so
// marking it disconnected is conditional on nobody having seen it since this stream last did.
import { Injectable } from '@nestjs/common';
import { Database } from '../db/database.js';
import { Repository } from '../db/repository.js';
import { DestinationEntity } from '../modules/destinations/destination.entity.js';

@Injectable()
export class ConnectionStateRepository extends Repository {
  constructor(db: Database) {
    super(db);
  }

  /** The connector is alive; `applied` is the last change it acknowledged (the pruner keeps what follows). */
  async seen(id: string, at: Date, applied: number, namespaces?: string[]): Promise<void> {
    await this.em().query(
      `UPDATE destinations SET connected = true, last_seen = $2, applied_sequence = GREATEST(applied_sequence, $3),
              namespaces = COALESCE($4::jsonb, namespaces)
        WHERE id = $1`,
      [id, at, applied, namespaces ? JSON.stringify(namespaces) : null],
    );
  }

  /** Marks the destination disconnected unless another stream has seen it after `lastSeenByUs`. */
  async disconnected(id: string, lastSeenByUs: Date, at: Date): Promise<boolean> {
    const result = await this.em()
      .createQueryBuilder()
      .update(DestinationEntity)
      .set({ connected: false, lastSeen: at })
      .where('id = :id AND last_seen = :lastSeenByUs', { id, lastSeenByUs })
      .execute();
    return (result.affected ?? 0) > 0;
  }

  /** Destinations whose replica died without saying so: nothing heard since `before`. */
  async disconnectSilent(before: Date): Promise<number> {
    const result = await this.em()
      .createQueryBuilder()
      .update(DestinationEntity)
      .set({ connected: false })
      .where('connected AND last_seen < :before', { before })
      .execute();
    return result.affected ?? 0;
  }
}
