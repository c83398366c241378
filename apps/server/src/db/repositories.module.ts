import { Global, Module } from '@nestjs/common';
import { DestinationsRepository } from '../modules/destinations/destinations.repository.js';
import { GrantsRepository } from '../modules/grants/grants.repository.js';
import { GroupsRepository } from '../modules/groups/groups.repository.js';
import { KeysRepository } from '../modules/keys/keys.repository.js';
import { SigningKeysRepository } from '../modules/tokens/signing-keys.repository.js';
import { UsersRepository } from '../modules/users/users.repository.js';
import { SettingsRepository } from './settings.repository.js';

const REPOSITORIES = [
  UsersRepository, KeysRepository, GroupsRepository, GrantsRepository, DestinationsRepository, SigningKeysRepository,
  SettingsRepository,
];

/**
 * The repositories live beside their entities but are provided here, once, so that services of
 * different modules (deleting a user removes its grants) can use them without module cycles.
 */
@Global()
@Module({ providers: REPOSITORIES, exports: REPOSITORIES })
export class RepositoriesModule {}
