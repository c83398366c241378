// Checks against the Infra server: reachable with the certificate trusted as the stored login says, the clock
// agreeing with the server's, and the session still accepted.
import { ApiClient, ApiError } from '../api.js';
import type { ServerEntry, Session } from '../config.js';
import { REFRESH_MARGIN_MS } from '../credential-cache.js';
import { relativeTime } from '../output.js';
import { connect, FingerprintMismatchError, UntrustedCertificateError } from '../tls.js';
import type { User } from '../types.js';
import { describeNetworkError, exchange } from './probe.js';
import { fail, ok, skip, type Finding } from './report.js';

/**
 * The most this computer's clock may differ from the server's. The kubectl plugin renews a token this long before
 * it expires by the local clock (REFRESH_MARGIN_MS); a clock further behind hands kubectl tokens the connector
 * already holds for expired, and one further ahead renews tokens that are not yet valid.
 */
export const MAX_CLOCK_SKEW_MS = REFRESH_MARGIN_MS;

/** What the server check saw, for the clock check: the server's Date header and our clock when it arrived. */
export interface ServerTime {
  server?: Date;
  local?: Date;
}

export async function checkServer(
  entry: ServerEntry,
  now: () => Date,
  time: ServerTime,
  timeoutMs: number,
): Promise<Finding> {
  const url = new URL('/api/version', entry.url);
  let socket;
  try {
    socket = await connect(url, entry, timeoutMs);
  } catch (e) {
    return unreachable(entry.url, e);
  }
  const answer = await exchange(socket, url, { method: 'GET', headers: { accept: 'application/json' }, timeoutMs });
  time.local = now();
  const date = Date.parse(String(answer.headers.date ?? ''));
  if (Number.isFinite(date)) time.server = new Date(date);
  if (answer.status !== 200) {
    return fail(
      `${entry.url} answers HTTP ${answer.status} to GET /api/version, not as an Infra server`,
      'check the address you logged in with, then `infra login SERVER`',
    );
  }
  let version = 'unknown';
  try {
    version = (JSON.parse(answer.body) as { version?: string }).version ?? version;
  } catch {
    // an odd body is not worth failing over: the server answered
  }
  return ok(`${entry.url} answers (version ${version}); ${trust(entry)}`);
}

function trust(entry: ServerEntry): string {
  if (!entry.url.startsWith('https:')) return 'plain HTTP, no TLS';
  if (entry.fingerprint) return `its certificate matches the pinned fingerprint ${entry.fingerprint}`;
  if (entry.skipTLSVerify) return 'its certificate is NOT verified (you logged in with --skip-tls-verify)';
  return "its certificate is trusted by this computer's CAs";
}

function unreachable(server: string, e: unknown): Finding {
  if (e instanceof FingerprintMismatchError) {
    return fail(
      `the certificate of ${server} has fingerprint ${e.actual}, not the pinned ${e.expected}`,
      `if its certificate was replaced on purpose, run \`infra login ${server} --tls-fingerprint ${e.actual}\`; otherwise someone may be intercepting the connection`,
    );
  }
  if (e instanceof UntrustedCertificateError) {
    return fail(
      `the certificate of ${server} is not trusted (${e.reason})`,
      `run \`infra login ${server}\` to review and trust it, or pass --tls-fingerprint ${e.fingerprint}`,
    );
  }
  return fail(
    `cannot reach ${server} (${describeNetworkError(e)})`,
    'check the address and that the server is running; `infra login SERVER` switches servers',
  );
}

export function clockFinding(time: ServerTime): Finding {
  if (!time.server || !time.local) return skip('not measured: the server sent no Date header');
  const skew = time.local.getTime() - time.server.getTime();
  const limit = `${MAX_CLOCK_SKEW_MS / 1000} s`;
  if (Math.abs(skew) <= MAX_CLOCK_SKEW_MS) return ok(`this computer's clock is within ${limit} of the server's`);
  return fail(
    `this computer's clock is ${duration(Math.abs(skew))} ${skew > 0 ? 'ahead of' : 'behind'} the server's (more than ${limit}): kubectl would get tokens that are expired or not yet valid`,
    "set this computer's clock right (turn on network time, e.g. `sudo timedatectl set-ntp true`); if it is right, ask your Infra admin to fix the server's clock",
  );
}

function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 120) return `${s} s`;
  if (s < 7200) return `${Math.round(s / 60)} minutes`;
  return `${Math.round(s / 3600)} hours`;
}

/** The session the CLI stored, checked locally (expiry) and with the server (GET /api/users/self). */
export async function checkSession(
  entry: ServerEntry,
  now: () => Date,
  timeoutMs: number,
  found: (s: Session) => void,
): Promise<Finding> {
  const login = `run \`infra login ${entry.url}\``;
  const session = entry.session;
  if (!session) return fail(`you are not logged in to ${entry.url}`, login);
  const expires = session.expires ? Date.parse(session.expires) : NaN;
  if (Number.isFinite(expires) && expires <= now().getTime()) {
    return fail(
      `your session as ${session.name} expired ${relativeTime(session.expires, now())} (${session.expires})`,
      login,
    );
  }
  let self: User;
  try {
    self = await new ApiClient({ ...entry, accessKey: session.accessKey }, timeoutMs).get<User>('/api/users/self');
  } catch (e) {
    if (e instanceof ApiError && e.status === 401)
      return fail(
        `the server no longer accepts your session as ${session.name} (revoked, or expired on the server)`,
        login,
      );
    throw e;
  }
  found(session);
  const until = Number.isFinite(expires)
    ? `the session expires ${relativeTime(session.expires, now())} (${session.expires})`
    : 'the session does not expire';
  return ok(`logged in as ${self.name}; ${until}`);
}
