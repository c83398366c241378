// The one authenticate → authorise chain every route goes through. It fails closed: no keys, no state, an unknown
// user or any doubt means the request does not reach the API server.
import type { IncomingMessage } from 'node:http';
import { TokenError } from '@infra/access';
import type { Clock } from '../clock.js';
import {
  isSystemName,
  type ActiveGrant,
  type ClusterIdentity,
  type ConnectorState,
  type Credential,
} from '../state/connector-state.js';
import { bearerToken, clientImpersonationHeaders } from './headers.js';
import { ProxyError } from './kube-status.js';
import { VerifiedTokens } from './verified-tokens.js';

/** A caller the proxy let through: who they are in the cluster and which credential they used. */
export interface Caller {
  identity: ClusterIdentity;
  credential: Credential;
  /** When the token expires (its `exp`, in ms): whatever the caller has open is closed then. */
  expiresAtMs: number;
  /** A notice for kubectl to print (as a Warning header), e.g. that a grant expires soon. */
  warning?: string;
}

/** Grants expiring sooner than this are announced on every response. */
const EXPIRY_NOTICE_MS = 15 * 60_000;

export class ProxyAccess {
  private readonly tokens = new VerifiedTokens();

  constructor(
    private readonly state: ConnectorState,
    private readonly clock: Clock,
  ) {}

  /** Resolves the caller or throws a ProxyError (401 for credentials, 403 for everything else). */
  async check(req: IncomingMessage): Promise<Caller> {
    if (!this.state.hasSnapshot) {
      // Not a credential problem: a 401 would only make kubectl fetch a new token that fails the same way.
      throw new ProxyError(
        503,
        'ServiceUnavailable',
        'the Infra connector has not yet received its configuration from the Infra server; try again shortly',
      );
    }
    const token = bearerToken(req);
    if (!token)
      throw ProxyError.unauthorized(
        'Unauthorized: no bearer token; run `infra login` and use the kubeconfig it writes',
      );
    let claims;
    try {
      claims = await this.tokens.verify(token, this.state.signingKeys(), {
        audience: this.state.destination,
        nowMs: this.clock.now(),
      });
    } catch (e) {
      const reason = e instanceof TokenError ? e.message : 'token could not be verified';
      throw ProxyError.unauthorized(`Unauthorized: ${reason}`);
    }
    const credential: Credential = { userId: claims.sub, credentialId: claims.sid, issuedAtMs: claims.iat * 1000 };
    if (this.state.isRevoked(credential)) {
      throw ProxyError.unauthorized('Unauthorized: this credential was revoked; run `infra login` again');
    }
    if (clientImpersonationHeaders(req).length > 0) {
      throw ProxyError.forbidden(
        'impersonation through Infra is not allowed; remove --as/--as-group and the kubeconfig "as" settings',
      );
    }
    const name = this.state.userName(claims.sub) ?? claims.name;
    if (isSystemName(name)) {
      throw ProxyError.forbidden(
        `${name} cannot use Kubernetes through Infra: names starting with "system:" are reserved for Kubernetes`,
      );
    }
    // One look at the user's grants serves both the decision and the expiry notice.
    const access = this.state.accessOf(claims.sub);
    if (!access) throw ProxyError.forbidden(this.noGrantMessage(claims.name));
    return {
      identity: access.identity,
      credential,
      expiresAtMs: claims.exp * 1000,
      warning: this.expiryNotice(access.grants),
    };
  }

  private expiryNotice(grants: ActiveGrant[]): string | undefined {
    const now = this.clock.now();
    let soon: ActiveGrant | undefined; // the first to expire within the notice period (a loop: this runs per request)
    for (const g of grants) {
      if (g.expiresAtMs > 0 && g.expiresAtMs - now < EXPIRY_NOTICE_MS && (!soon || g.expiresAtMs < soon.expiresAtMs))
        soon = g;
    }
    if (!soon) return undefined;
    const minutes = Math.max(1, Math.ceil((soon.expiresAtMs - now) / 60_000));
    const where = soon.namespace ? `${this.state.destination}.${soon.namespace}` : this.state.destination;
    return `your ${soon.privilege} grant on ${where} expires in ${minutes} minute${minutes === 1 ? '' : 's'}`;
  }

  /**
   * Why a caller let through earlier may no longer use what they opened, or undefined while they may (checked when
   * grants or revocations change, and at the token's expiry). 401 when the credential is gone (revoked, expired,
   * user removed: kubectl's exec plugin fetches a new token), 403 when the grant is.
   */
  withdrawal(caller: Caller): ProxyError | undefined {
    const d = this.state.destination;
    if (this.state.isRevoked(caller.credential)) {
      return ProxyError.unauthorized(`your credential for ${d} was revoked; run \`infra login\` again`);
    }
    if (caller.expiresAtMs <= this.clock.now()) {
      return ProxyError.unauthorized(
        `your token for ${d} expired; run the command again (kubectl fetches a new token)`,
      );
    }
    if (this.state.userName(caller.identity.userId) === undefined) {
      return ProxyError.unauthorized(`your Infra user was removed; you can no longer use ${d}`);
    }
    const now = this.state.identityOf(caller.identity.userId);
    if (now === undefined || !keepsIdentity(now, caller.identity)) {
      return ProxyError.forbidden(`your access to ${d} was removed; ask an Infra admin for a grant`);
    }
    return undefined;
  }

  private noGrantMessage(userName: string): string {
    const d = this.state.destination;
    return (
      `${userName} has no grant on ${d}; ask an Infra admin to run \`infra grants add ${userName} ${d} --role view\`, ` +
      `or ask for access for a while: \`infra request ${d} --role view --for 1h --reason "..."\``
    );
  }
}

/** An open session may go on if the user kept their name and every group it was opened with (gaining is fine). */
function keepsIdentity(now: ClusterIdentity, opened: ClusterIdentity): boolean {
  const groups = new Set(now.groupNames);
  return now.userName === opened.userName && opened.groupNames.every((g) => groups.has(g));
}
