// The server's --config-file (INFRA_CONFIG_FILE): the same file `infra apply` takes, applied at start-up and again on
// SIGHUP, as the system (audited with no user). Its objects are owned by the source `config-file`, so it never removes
// what `infra apply` made, and the other way round. At start-up a file with problems stops the server (the admin
// sees every problem with its line); on reload it is logged and the server goes on with what it had.
import { readFileSync } from 'node:fs';
import type { INestApplicationContext } from '@nestjs/common';
import { SYSTEM_ACTOR } from '../../common/actor.js';
import { BadRequestError } from '../../common/errors.js';
import { ConfigError } from '../../config/config.js';
import { ApplyService, type ApplyResult } from './apply.service.js';
import { localSecrets } from './secrets.js';

export const CONFIG_FILE_SOURCE = 'config-file';

/** Applies the file; throws ConfigError listing its problems (or why it cannot be read). */
export async function applyConfigFile(
  app: INestApplicationContext,
  path: string,
  env: Readonly<Record<string, string | undefined>>,
): Promise<ApplyResult> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new ConfigError([
      `INFRA_CONFIG_FILE ${path} cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
    ]);
  }
  try {
    return await app.get(ApplyService).apply(SYSTEM_ACTOR, {
      text,
      fileName: path,
      dryRun: false,
      secrets: localSecrets(env, path),
      source: CONFIG_FILE_SOURCE,
    });
  } catch (e) {
    if (e instanceof BadRequestError)
      throw new ConfigError([`INFRA_CONFIG_FILE ${path} was not applied:`, ...e.message.split('\n')]);
    throw e;
  }
}
