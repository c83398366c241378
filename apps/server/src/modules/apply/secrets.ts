// Where secret references resolve. Through the API, the CLI resolved them where the file is and sent the values:
// the server's own environment and files are never offered to a caller. The server's --config-file resolves them
// from the server's environment and from files relative to the config file.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { SecretSource } from './rules.js';

export function requestSecrets(values: Record<string, unknown>): SecretSource {
  return { resolve: (reference) => (typeof values[reference] === 'string' ? values[reference] : undefined) };
}

export function localSecrets(env: Readonly<Record<string, string | undefined>>, configFile: string): SecretSource {
  return {
    resolve(reference) {
      if (reference.startsWith('env:')) return env[reference.slice(4)];
      try {
        return readFileSync(resolve(dirname(configFile), reference.slice(5)), 'utf8').trim();
      } catch {
        return undefined;
      }
    },
  };
}
