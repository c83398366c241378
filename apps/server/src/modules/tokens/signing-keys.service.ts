// ES256 keys that sign the short-lived tokens. Private halves are stored encrypted with the root key;
// public halves are served as JWKS and pushed to connectors through the change log.
import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose';
import { TOKEN_ALG, type PublicSigningKey } from '@infra/access';
import { Clock } from '../../common/clock.js';
import { RootKeyCipher } from '../../common/root-key.js';
import { Database } from '../../db/database.js';
import { ChangesService } from '../changes/changes.service.js';
import { SigningKeysRepository } from './signing-keys.repository.js';

export interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
}

@Injectable()
export class SigningKeysService implements OnApplicationBootstrap {
  private current: SigningKey | undefined;

  constructor(
    private readonly db: Database,
    private readonly repo: SigningKeysRepository,
    private readonly changes: ChangesService,
    private readonly cipher: RootKeyCipher,
    private readonly clock: Clock,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.signingKey();
  }

  /** The newest active key, created on first use. */
  async signingKey(): Promise<SigningKey> {
    if (this.current) return this.current;
    let [newest] = await this.repo.active();
    if (!newest) {
      await this.create();
      [newest] = await this.repo.active();
    }
    const jwk = JSON.parse(this.cipher.decrypt(newest!.privateJwkEncrypted)) as JWK;
    this.current = { kid: newest!.kid, privateKey: (await importJWK(jwk, TOKEN_ALG)) as CryptoKey };
    return this.current;
  }

  async publicKeys(): Promise<PublicSigningKey[]> {
    return (await this.repo.active()).map((k) => ({ kid: k.kid, jwk: k.publicJwk }));
  }

  private async create(): Promise<void> {
    const { publicKey, privateKey } = await generateKeyPair(TOKEN_ALG, { extractable: true });
    const publicJwk = await exportJWK(publicKey);
    const kid = await calculateJwkThumbprint(publicJwk);
    const fullPublic: JWK = { ...publicJwk, kid, alg: TOKEN_ALG, use: 'sig' };
    await this.db.transaction(async (tx) => {
      // Two replicas starting together: the advisory lock lets only one create the first key.
      await tx.manager.query('SELECT pg_advisory_xact_lock(7311993)');
      if ((await this.repo.active(tx)).length) return;
      await this.repo.insert({
        kid, publicJwk: fullPublic, privateJwkEncrypted: this.cipher.encrypt(JSON.stringify(await exportJWK(privateKey))),
        created: this.clock.now(), retired: null,
      }, tx);
      await this.changes.append(tx, { kind: 'signing_key_added', payload: { kid, publicJwkJson: JSON.stringify(fullPublic) } });
    });
  }
}
