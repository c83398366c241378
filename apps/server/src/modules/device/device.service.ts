// Device login (`infra login --no-browser`, RFC 8628 in spirit): the CLI starts a login and shows a short user code;
// a person already signed in (web UI, or `infra device approve CODE` from another CLI) approves it; the CLI, polling
// with the secret device code, then receives a session for the approving user. See README.md for the invariants.
import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { callerOf, type Actor } from '../../common/actor.js';
import { Clock } from '../../common/clock.js';
import { AppError, BadRequestError } from '../../common/errors.js';
import { Throttle } from '../../common/throttle.js';
import { Database, type Tx } from '../../db/database.js';
import { AuditService } from '../audit/audit.service.js';
import type { LoginResponse } from '../auth/dto/login.dto.js';
import { KeysRepository } from '../keys/keys.repository.js';
import { KeysService } from '../keys/keys.service.js';
import { UsersRepository } from '../users/users.repository.js';
import type { DeviceLoginEntity } from './device-login.entity.js';
import { DeviceRepository } from './device.repository.js';
import type { DeviceApprovalResponse, DeviceLoginResponse } from './dto/device.dto.js';
import { canonicalUserCode, hashCode, newUserCode } from './user-code.js';

/** How long both codes live. */
export const DEVICE_LOGIN_TTL_S = 10 * 60;
/** Seconds between polls the CLI is told to keep; each poll that comes sooner adds SLOW_DOWN_STEP_S (RFC 8628 §3.5). */
export const POLL_INTERVAL_S = 5;
export const SLOW_DOWN_STEP_S = 5;

/** What a poll may answer instead of a session (RFC 8628 §3.5 names). */
export type DevicePollError =
  'authorization_pending' | 'slow_down' | 'expired_token' | 'access_denied' | 'invalid_grant';

export class DevicePollFailure extends AppError {
  constructor(error: DevicePollError, message: string) {
    super('bad_request', message, [], error);
  }
}

const AGAIN = 'run `infra login --no-browser` again';

type PollOutcome = { session: LoginResponse } | { failure: DevicePollFailure } | { unknown: true };

@Injectable()
export class DeviceService {
  constructor(
    private readonly db: Database,
    private readonly repo: DeviceRepository,
    private readonly keys: KeysService,
    private readonly keysRepo: KeysRepository,
    private readonly users: UsersRepository,
    private readonly audit: AuditService,
    private readonly throttle: Throttle,
    private readonly clock: Clock,
  ) {}

  /** `base` is the server's public origin: the approval page is `<base>/device`. */
  async start(base: string): Promise<DeviceLoginResponse> {
    const deviceCode = randomBytes(32).toString('base64url');
    const userCode = newUserCode();
    const now = this.clock.now();
    await this.repo.start(
      {
        deviceCodeHash: hashCode(deviceCode),
        userCodeHash: hashCode(canonicalUserCode(userCode)!),
        status: 'pending',
        intervalSeconds: POLL_INTERVAL_S,
        lastPolled: null,
        userId: null,
        approverCredentialId: null,
        created: now,
        expires: new Date(now.getTime() + DEVICE_LOGIN_TTL_S * 1000),
      },
      now,
    );
    const verificationURI = `${base}/device`;
    return {
      deviceCode,
      userCode,
      verificationURI,
      // `user_code` as in RFC 8628's example; the page fills its field from it.
      verificationURIComplete: `${verificationURI}?user_code=${userCode}`,
      expiresIn: DEVICE_LOGIN_TTL_S,
      interval: POLL_INTERVAL_S,
    };
  }

  /** The signed-in caller lets the device that shows `userCode` log in as them. */
  approve(actor: Actor, userCode: string): Promise<DeviceApprovalResponse> {
    return this.decide(actor, userCode, 'approved');
  }

  deny(actor: Actor, userCode: string): Promise<DeviceApprovalResponse> {
    return this.decide(actor, userCode, 'denied');
  }

  private async decide(actor: Actor, typed: string, status: 'approved' | 'denied'): Promise<DeviceApprovalResponse> {
    const caller = callerOf(actor);
    const code = canonicalUserCode(typed);
    if (code === undefined) {
      throw BadRequestError.field('userCode', 'must be the 8 letters the device shows, like BCDF-GHJK');
    }
    const decided = await this.db.transaction(async (tx) => {
      const login = await this.repo.lockByUserCode(hashCode(code), tx);
      if (!login || login.status !== 'pending' || login.expires <= this.clock.now()) return false;
      await this.repo.update(
        login.deviceCodeHash,
        { status, userId: caller.userId, approverCredentialId: caller.credentialId },
        tx,
      );
      await this.audit.record(tx, actor, {
        action: status === 'approved' ? 'device.approve' : 'device.deny',
        targetType: 'user',
        targetId: caller.userId,
        targetName: caller.name,
      });
      return true;
    });
    if (!decided) {
      // Counted as a failed login: a user code is a guessable secret, so wrong ones leave a trace.
      await this.db.transaction((tx) =>
        this.audit.record(tx, actor, {
          action: 'auth.login_failed',
          targetType: 'user',
          targetId: caller.userId,
          targetName: caller.name,
          details: { reason: 'unknown device code' },
        }),
      );
      throw new AppError(
        'not_found',
        `no device is waiting with code ${typed.trim()}: it may have expired or been used; on the device, ${AGAIN}`,
      );
    }
    return { name: caller.name };
  }

  /** One poll by the device. Throws a DevicePollFailure (400 with `error`) until the login was approved. */
  async token(actor: Actor, deviceCode: string): Promise<LoginResponse> {
    // Decided inside the transaction, thrown after it: a slow_down or a used-up code must be saved, not rolled back.
    const outcome = await this.db.transaction((tx) => this.poll(tx, actor, hashCode(deviceCode)));
    if ('session' in outcome) return outcome.session;
    if ('failure' in outcome) throw outcome.failure;
    // Device codes cannot be guessed, but whoever tries pays with their address's login budget.
    this.throttle.take('login', actor);
    throw new DevicePollFailure('invalid_grant', `this device login is unknown or was already used: ${AGAIN}`);
  }

  private async poll(tx: Tx, actor: Actor, deviceCodeHash: string): Promise<PollOutcome> {
    const login = await this.repo.lockByDeviceCode(deviceCodeHash, tx);
    if (!login) return { unknown: true };
    const now = this.clock.now();
    if (login.expires <= now) {
      await this.repo.delete(deviceCodeHash, tx);
      return {
        failure: new DevicePollFailure(
          'expired_token',
          `nobody approved this login within ${DEVICE_LOGIN_TTL_S / 60} minutes: ${AGAIN}`,
        ),
      };
    }
    if (login.status === 'denied') {
      await this.repo.delete(deviceCodeHash, tx);
      return {
        failure: new DevicePollFailure(
          'access_denied',
          `this login was denied on the approval page: ${AGAIN} if that was a mistake`,
        ),
      };
    }
    if (login.status === 'approved') {
      await this.repo.delete(deviceCodeHash, tx); // single use: the session is handed out once
      return this.issue(tx, actor, login);
    }
    const early =
      login.lastPolled !== null && now.getTime() - login.lastPolled.getTime() < login.intervalSeconds * 1000;
    const intervalSeconds = early ? login.intervalSeconds + SLOW_DOWN_STEP_S : login.intervalSeconds;
    await this.repo.update(deviceCodeHash, { lastPolled: now, intervalSeconds }, tx);
    return {
      failure: early
        ? new DevicePollFailure('slow_down', `polled too often: wait ${intervalSeconds} s between polls`)
        : new DevicePollFailure('authorization_pending', 'waiting for someone signed in to approve the code'),
    };
  }

  /** The session of an approved login: a child of the approving credential, ending no later than it does. */
  private async issue(tx: Tx, actor: Actor, login: DeviceLoginEntity): Promise<PollOutcome> {
    const user = login.userId ? await this.users.findById(login.userId, tx) : null;
    const approver = login.approverCredentialId ? await this.keysRepo.findById(login.approverCredentialId, tx) : null;
    if (!user || !approver) {
      return {
        failure: new DevicePollFailure('access_denied', `the session that approved this login has ended: ${AGAIN}`),
      };
    }
    const loggedIn: Actor = {
      ...actor,
      caller: {
        userId: user.id,
        name: user.name,
        credentialId: approver.id,
        credentialKind: 'session',
        role: 'user',
        mustChangePassword: false,
      },
    };
    const session = await this.keys.createSession(tx, loggedIn, user, {
      fromPassword: false,
      parentId: approver.id,
      notAfter: approver.expires,
    });
    return {
      session: {
        // Not a password session: nothing holds it to a pending password change (the approver's session was not held either).
        userID: user.id,
        name: user.name,
        accessKey: session.accessKey,
        expires: session.expires,
        passwordUpdateRequired: false,
      },
    };
  }
}
