// What crosses the proxy in request headers. Clients never choose who the API server thinks they are: every
// Authorization and Impersonate-* header they send is refused or dropped, and the proxy sets its own.
import type { IncomingHttpHeaders, IncomingMessage, OutgoingHttpHeaders } from 'node:http';
import type { ClusterIdentity } from '../state/connector-state.js';

// Hop-by-hop headers (RFC 9110 §7.6.1) are for one connection only; an upgrade keeps the client's Upgrade and gets
// the proxy's own `Connection: Upgrade`.
const HOP_BY_HOP = [
  'connection',
  'keep-alive',
  'proxy-authorization',
  'proxy-authenticate',
  'proxy-connection',
  'te',
  'trailer',
  'upgrade',
];

/** Names of the client's impersonation headers (any case), read from the raw header list so none can hide. */
export function clientImpersonationHeaders(req: IncomingMessage): string[] {
  const names: string[] = [];
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i];
    if (name.length > 12 && name.toLowerCase().startsWith('impersonate-')) names.push(name);
  }
  return names;
}

/** The client's bearer token, or undefined when there is none or more than one Authorization header. */
export function bearerToken(req: IncomingMessage): string | undefined {
  // From rawHeaders rather than headersDistinct, which builds arrays for every header of every request.
  let value: string | undefined;
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i];
    if (name.length !== 13 || name.toLowerCase() !== 'authorization') continue;
    if (value !== undefined) return undefined;
    value = req.rawHeaders[i + 1];
  }
  return value === undefined ? undefined : BEARER.exec(value)?.[1];
}

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/**
 * Header names the client's Connection header(s) declare hop-by-hop (RFC 9110 §7.6.1), lower-cased. They are dropped
 * with Connection itself: `Connection: Upgrade, Impersonate-User` must not ask any hop to drop the proxy's own headers.
 */
function connectionTokens(values: string | string[] | undefined): Set<string> | undefined {
  if (values === undefined) return undefined;
  const tokens = new Set<string>();
  for (const v of Array.isArray(values) ? values : [values]) {
    for (const t of v.split(',')) tokens.add(t.trim().toLowerCase());
  }
  return tokens;
}

/** Whether a client header must not reach the API server: credentials, identity, hop-by-hop and Connection-named. */
function isStripped(lower: string, named: Set<string> | undefined): boolean {
  return (
    lower === 'authorization' ||
    lower.startsWith('impersonate-') ||
    lower.startsWith('x-remote-') || // front-proxy identity headers (requestheader authn): never from a client
    HOP_BY_HOP.includes(lower) ||
    named?.has(lower) === true
  );
}

/**
 * A copy of a plain request's headers without the stripped ones (a copy: deleting keys would slow the object down).
 * `Expect: 100-continue` is answered by the proxy itself (kube-proxy.ts), so it is not sent on.
 */
export function forwardedHeaders(headers: IncomingHttpHeaders): OutgoingHttpHeaders {
  const named = connectionTokens(headers.connection);
  const out: OutgoingHttpHeaders = {};
  for (const name in headers) {
    if (name !== 'expect' && !isStripped(name.toLowerCase(), named)) out[name] = headers[name];
  }
  return out;
}

/**
 * An upgrade's client headers for the API server, in rawHeaders form (duplicates such as the five
 * X-Stream-Protocol-Version values survive): stripped as for plain requests, and Host too (the caller sets it).
 * The client's Upgrade value is kept, and the Connection header is the proxy's own: exactly `Connection: Upgrade`.
 */
export function upgradeForwardedHeaders(rawHeaders: string[]): string[] {
  const connection: string[] = [];
  for (let i = 0; i < rawHeaders.length; i += 2) {
    if (rawHeaders[i].toLowerCase() === 'connection') connection.push(rawHeaders[i + 1]);
  }
  const named = connectionTokens(connection);
  const out: string[] = [];
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const lower = rawHeaders[i].toLowerCase();
    if (lower === 'upgrade' || !(lower === 'host' || isStripped(lower, named)))
      out.push(rawHeaders[i], rawHeaders[i + 1]);
  }
  out.push('Connection', 'Upgrade');
  return out;
}

/** The headers the proxy adds: its own credentials and who it acts for. */
export function impersonationHeaders(
  identity: ClusterIdentity,
  requestId: string,
  authorization: string | undefined,
): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = {
    'Impersonate-User': identity.userName,
    'Impersonate-Uid': identity.userId, // the Infra user id, so the cluster's audit log can tell renamed users apart
    'Impersonate-Extra-Infra-Request-Id': requestId,
  };
  if (identity.groupNames.length > 0) out['Impersonate-Group'] = [...identity.groupNames];
  if (authorization) out.Authorization = authorization;
  return out;
}
