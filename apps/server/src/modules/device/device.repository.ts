import { Injectable } from '@nestjs/common';
import { LessThanOrEqual } from 'typeorm';
import { Database, type Tx } from '../../db/database.js';
import { Repository } from '../../db/repository.js';
import { DeviceLoginEntity } from './device-login.entity.js';

@Injectable()
export class DeviceRepository extends Repository {
  constructor(db: Database) {
    super(db);
  }

  /** Records a device login, and forgets the ones that expired (they can never complete). */
  async start(login: DeviceLoginEntity, now: Date): Promise<void> {
    await this.db.manager.delete(DeviceLoginEntity, { expires: LessThanOrEqual(now) });
    await this.db.manager.insert(DeviceLoginEntity, login);
  }

  /** The row for a poll, locked for the rest of the transaction: two polls of one code are answered one after the other. */
  lockByDeviceCode(deviceCodeHash: string, tx: Tx): Promise<DeviceLoginEntity | null> {
    return tx.manager.findOne(DeviceLoginEntity, { where: { deviceCodeHash }, lock: { mode: 'pessimistic_write' } });
  }

  lockByUserCode(userCodeHash: string, tx: Tx): Promise<DeviceLoginEntity | null> {
    return tx.manager.findOne(DeviceLoginEntity, { where: { userCodeHash }, lock: { mode: 'pessimistic_write' } });
  }

  async update(deviceCodeHash: string, fields: Partial<DeviceLoginEntity>, tx: Tx): Promise<void> {
    await tx.manager.update(DeviceLoginEntity, { deviceCodeHash }, fields);
  }

  async delete(deviceCodeHash: string, tx: Tx): Promise<void> {
    await tx.manager.delete(DeviceLoginEntity, { deviceCodeHash });
  }
}
