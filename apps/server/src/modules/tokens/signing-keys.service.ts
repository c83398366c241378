// ES256 keys that sign the short-lived tokens. Private halves are stored encrypted with the root key;
// public halves are served as JWKS and pushed to connectors through the change log.
//
// Rotation: a new key is added and signs every token from then on; the keys it supersedes stay published (JWKS,
// snapshots) and verifiable for a token's lifetime plus a margin, so tokens they signed keep working until they
// expire; then they are retired and connectors are told to drop them (`signing_key_removed`). An admin rotates by
// hand (`POST /api/signing-keys/rotate`, `infra keys rotate-signing`); INFRA_SIGNING_KEY_ROTATION rotates a key of
// that age. SigningKeyRotator runs the due work on an interval, one replica at a time.
import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose';
import { TOKEN_ALG, type PublicSigningKey } from '@infra/access';
import { SYSTEM_ACTOR, type Actor } from '../../common/actor.js';
import { Clock } from '../../common/clock.js';
import { RootKeyCipher } from '../../common/root-key.js';
import { SERVER_CONFIG, type ServerConfig } from '../../config/config.js';
import { Database, type Tx } from '../../db/database.js';
import { AuditService } from '../audit/audit.service.js';
import { ChangeProjection } from '../changes/projection.js';
import type { SigningKeyEntity } from './signing-key.entity.js';
import { SigningKeysRepository } from './signing-keys.repository.js';
import type { SigningKeyResponse } from './dto/signing-key.dto.js';

export interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
}

const KEYS_LOCK = 7_311_995; // serialises key creation and rotation (pg_advisory_xact_lock)
const RETIRE_LOCK = 7_311_996; // one replica at a time does the due work (pg_try_advisory_xact_lock)
/** Past a superseded key's last token's expiry: clock skew between server and connectors. */
export const RETIRE_MARGIN_MS = 5 * 60_000;

@Injectable()
export class SigningKeysService implements OnApplicationBootstrap {
  /** Imported private keys by kid (the newest key is read on each use: another replica may have rotated). */
  private readonly imported = new Map<string, Promise<CryptoKey>>();

  constructor(
    private readonly db: Database,
    private readonly repo: SigningKeysRepository,
    private readonly events: ChangeProjection,
    private readonly audit: AuditService,
    private readonly cipher: RootKeyCipher,
    private readonly clock: Clock,
    @Inject(SERVER_CONFIG) private readonly config: ServerConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.signingKey();
  }

  /** The key that signs now: the newest that is not superseded, created on first use. */
  async signingKey(): Promise<SigningKey> {
    let current = await this.repo.current();
    if (!current) {
      await this.db.transaction(async (tx) => {
        await tx.manager.query('SELECT pg_advisory_xact_lock($1)', [KEYS_LOCK]);
        if (!(await this.repo.current(tx))) await this.add(tx);
      });
      current = await this.repo.current();
    }
    const key = current!;
    let privateKey = this.imported.get(key.kid);
    if (!privateKey) {
      privateKey = importJWK(
        JSON.parse(this.cipher.decrypt(key.privateJwkEncrypted)) as JWK,
        TOKEN_ALG,
      ) as Promise<CryptoKey>;
      this.imported.set(key.kid, privateKey);
    }
    return { kid: key.kid, privateKey: await privateKey };
  }

  /** Every key a token may still be signed with: the current one and those superseded but not yet retired. */
  async publicKeys(): Promise<PublicSigningKey[]> {
    return (await this.repo.active()).map((k) => ({ kid: k.kid, jwk: k.publicJwk }));
  }

  async list(): Promise<SigningKeyResponse[]> {
    return (await this.repo.active()).map((k) => this.toResponse(k));
  }

  /** A new key signs from now on; the ones it supersedes are retired once every token they signed has expired. */
  async rotate(actor: Actor): Promise<SigningKeyResponse[]> {
    await this.db.transaction(async (tx) => {
      await tx.manager.query('SELECT pg_advisory_xact_lock($1)', [KEYS_LOCK]);
      await this.rotateInTx(tx, actor);
    });
    return this.list();
  }

  /**
   * The work that falls due with time: rotating a key older than INFRA_SIGNING_KEY_ROTATION (when set) and
   * retiring superseded keys whose tokens have all expired. Undefined when another replica is doing it now.
   */
  maintain(): Promise<{ rotated: boolean; retired: string[] } | undefined> {
    return this.db.transaction(async (tx) => {
      const [lock] = (await tx.manager.query('SELECT pg_try_advisory_xact_lock($1) AS locked', [RETIRE_LOCK])) as {
        locked: boolean;
      }[];
      if (!lock?.locked) return undefined;
      await tx.manager.query('SELECT pg_advisory_xact_lock($1)', [KEYS_LOCK]);
      const now = this.clock.now();
      const retired: string[] = [];
      for (const key of await this.repo.active(tx)) {
        if (key.superseded && this.retiresAt(key.superseded) <= now.getTime()) {
          await this.events.record(tx, { type: 'signing_key_retired', kid: key.kid }, () =>
            this.repo.retire(key.kid, now, tx),
          );
          await this.audit.record(tx, SYSTEM_ACTOR, {
            action: 'signing-keys.retire',
            targetType: 'signing-key',
            targetId: key.kid,
          });
          retired.push(key.kid);
        }
      }
      const period = this.config.signingKeyRotationSeconds * 1000;
      const current = await this.repo.current(tx);
      const rotated = period > 0 && current !== null && current.created.getTime() + period <= now.getTime();
      if (rotated) await this.rotateInTx(tx, SYSTEM_ACTOR);
      return { rotated, retired };
    });
  }

  private async rotateInTx(tx: Tx, actor: Actor): Promise<void> {
    const now = this.clock.now();
    const superseded = await this.repo.supersedeAll(now, tx);
    const kid = await this.add(tx);
    await this.audit.record(tx, actor, {
      action: 'signing-keys.rotate',
      targetType: 'signing-key',
      targetId: kid,
      details: { superseded },
    });
  }

  private retiresAt(superseded: Date): number {
    return superseded.getTime() + this.config.tokenTtlSeconds * 1000 + RETIRE_MARGIN_MS;
  }

  /** Creates a key that signs from now on; connectors hear of it in the same transaction. */
  private async add(tx: Tx): Promise<string> {
    const { publicKey, privateKey } = await generateKeyPair(TOKEN_ALG, { extractable: true });
    const publicJwk = await exportJWK(publicKey);
    const kid = await calculateJwkThumbprint(publicJwk);
    const fullPublic: JWK = { ...publicJwk, kid, alg: TOKEN_ALG, use: 'sig' };
    const privateJwkEncrypted = this.cipher.encrypt(JSON.stringify(await exportJWK(privateKey)));
    await this.events.record(tx, { type: 'signing_key_added', kid, publicJwk: fullPublic }, () =>
      this.repo.insert(
        {
          kid,
          publicJwk: fullPublic,
          privateJwkEncrypted,
          created: this.clock.now(),
          superseded: null,
          retired: null,
        },
        tx,
      ),
    );
    return kid;
  }

  private toResponse(k: SigningKeyEntity): SigningKeyResponse {
    return {
      kid: k.kid,
      created: k.created.toISOString(),
      signing: k.superseded === null,
      superseded: k.superseded?.toISOString() ?? null,
      retiresAfter: k.superseded ? new Date(this.retiresAt(k.superseded)).toISOString() : null,
    };
  }
}
