// The CLI's own state, in ~/.infra (or $INFRA_HOME): config.json (mode 0600: it holds session keys)
// with every server the user logged in to, the certificate fingerprints they trusted, and their
// sessions; cache/ holds the short-lived tokens of the kubectl plugin.
import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { readFileIfExists, writeFileAtomic } from './fs-util.js';

export interface Session {
  accessKey: string;
  userID: string;
  name: string;
  expires?: string;
}

export interface ServerEntry {
  url: string;
  /** SHA-256 fingerprint of a certificate the user trusted on first use. */
  fingerprint?: string;
  skipTLSVerify?: boolean;
  session?: Session;
}

export interface ConfigFile {
  version: 1;
  /** URL of the server commands talk to. */
  current?: string;
  servers: ServerEntry[];
}

export function infraHome(env: NodeJS.ProcessEnv): string {
  return env.INFRA_HOME || join(homedir(), '.infra');
}

export class ConfigStore {
  readonly path: string;
  readonly cacheDir: string;

  constructor(readonly home: string) {
    this.path = join(home, 'config.json');
    this.cacheDir = join(home, 'cache');
  }

  read(): ConfigFile {
    const text = readFileIfExists(this.path);
    if (text === undefined) return { version: 1, servers: [] };
    try {
      const parsed = JSON.parse(text) as Partial<ConfigFile>;
      return { version: 1, current: parsed.current, servers: Array.isArray(parsed.servers) ? parsed.servers : [] };
    } catch {
      throw new Error(`${this.path} is not valid JSON: fix or delete it, then run \`infra login\``);
    }
  }

  write(config: ConfigFile): void {
    mkdirSync(this.home, { recursive: true, mode: 0o700 });
    writeFileAtomic(this.path, JSON.stringify(config, null, 2) + '\n', 0o600);
  }

  /** The server commands talk to, if the user ever logged in. */
  current(): ServerEntry | undefined {
    const config = this.read();
    return config.servers.find((s) => s.url === config.current);
  }

  /** Changes (or adds) one server's entry and makes it current unless told otherwise. */
  update(url: string, change: (entry: ServerEntry) => ServerEntry, opts: { makeCurrent?: boolean } = {}): ServerEntry {
    const config = this.read();
    const i = config.servers.findIndex((s) => s.url === url);
    const entry = change(i >= 0 ? { ...config.servers[i] } : { url });
    if (i >= 0) config.servers[i] = entry;
    else config.servers.push(entry);
    if (opts.makeCurrent ?? true) config.current = url;
    this.write(config);
    return entry;
  }

  find(url: string): ServerEntry | undefined {
    return this.read().servers.find((s) => s.url === url);
  }
}
