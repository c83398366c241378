// First start: create the user `admin`, grant it admin on `infra`, and give it an access key — the one
// from INFRA_ADMIN_ACCESS_KEY, or a new one printed once. That happens once: the `bootstrapped` setting
// records it, so a bootstrap key an admin deleted (or an admin grant removed) does not come back on restart.
import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { INFRA_RESOURCE } from '@infra/access';
import { SYSTEM_ACTOR } from '../../common/actor.js';
import { Clock } from '../../common/clock.js';
import { LOGGER, type Logger } from '../../common/logger.js';
import { SERVER_CONFIG, type ServerConfig } from '../../config/config.js';
import { Database } from '../../db/database.js';
import { SettingsRepository } from '../../db/settings.repository.js';
import { GrantsService } from '../grants/grants.service.js';
import { KeysService } from '../keys/keys.service.js';
import { UsersRepository } from '../users/users.repository.js';
import { UsersService } from '../users/users.service.js';

export const ADMIN_USER = 'admin';

@Injectable()
export class BootstrapService implements OnApplicationBootstrap {
  constructor(
    private readonly db: Database,
    private readonly users: UsersService,
    private readonly usersRepo: UsersRepository,
    private readonly keys: KeysService,
    private readonly settings: SettingsRepository,
    private readonly grants: GrantsService,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly clock: Clock,
    @Inject(SERVER_CONFIG) private readonly config: ServerConfig,
    @Inject('PRINT') private readonly print: (line: string) => void,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const given = this.config.adminAccessKey;
    if (await this.settings.get('bootstrapped')) return;
    const accessKey = await this.db.transaction(async (tx) => {
      if (!(await this.settings.claim('bootstrapped', this.clock.now().toISOString(), tx))) return undefined;
      const admin =
        (await this.usersRepo.findByName(ADMIN_USER, tx)) ?? (await this.users.insert(tx, SYSTEM_ACTOR, ADMIN_USER));
      await this.grants.grant(tx, SYSTEM_ACTOR, {
        subject: { userId: admin.id, groupId: null },
        privilege: 'admin',
        resource: INFRA_RESOURCE,
        expiresAt: null,
      });
      const name = given ? `bootstrap-${given.split('.')[0]}` : 'bootstrap';
      return (await this.keys.issue(tx, SYSTEM_ACTOR, admin, { name, accessKey: given })).accessKey;
    });
    if (accessKey === undefined) return;
    this.logger.info({ user: ADMIN_USER, keyFromEnvironment: Boolean(given) }, 'bootstrapped the admin user');
    if (!given) this.print(`Admin access key (shown once): ${accessKey}`);
  }
}
