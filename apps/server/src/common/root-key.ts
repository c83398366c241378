// The root key encrypts secrets at rest (signing keys' private parts). It comes from INFRA_ROOT_KEY or
// from <data dir>/root.key, a 0600 file generated on first start in the owner-only data dir.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ServerConfig } from '../config/config.js';
import { ensurePrivateDir } from './private-dir.js';

export class RootKeyCipher {
  private readonly key: Buffer;

  constructor(material: string) {
    // Any sufficiently long string works; hashing gives exactly the 32 bytes AES-256 needs.
    this.key = createHash('sha256').update(material).digest();
  }

  static fromConfig(config: Pick<ServerConfig, 'rootKey' | 'dataDir'>): RootKeyCipher {
    if (config.rootKey) return new RootKeyCipher(config.rootKey);
    const file = join(config.dataDir, 'root.key');
    if (!existsSync(file)) {
      ensurePrivateDir(config.dataDir);
      writeFileSync(file, randomBytes(32).toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
    }
    chmodSync(file, 0o600);
    return new RootKeyCipher(readFileSync(file, 'utf8').trim());
  }

  /** AES-256-GCM; output is `v1.<iv>.<tag>.<ciphertext>` in base64url. */
  encrypt(plaintext: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return ['v1', iv, cipher.getAuthTag(), data]
      .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
      .join('.');
  }

  decrypt(sealed: string): string {
    const [version, iv, tag, data] = sealed.split('.');
    if (version !== 'v1' || !iv || !tag || data === undefined) throw new Error('unknown encrypted value format');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
  }
}
