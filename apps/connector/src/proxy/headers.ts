// What crosses the proxy in request headers. Clients never choose who the API server thinks they are: every
// Authorization and Impersonate-* header they send is refused or dropped, and the proxy sets its own.
import type { IncomingHttpHeaders, IncomingMessage, OutgoingHttpHeaders } from 'node:http';
import type { ClusterIdentity } from '../state/connector-state.js';

// Hop-by-hop headers (RFC 9110 §7.6.1) are for one connection only; upgrades keep Connection and Upgrade.
const HOP_BY_HOP = ['connection', 'keep-alive', 'proxy-authorization', 'proxy-authenticate', 'proxy-connection', 'te', 'trailer', 'upgrade'];

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

/** Whether a client header must not reach the API server: credentials, impersonation and hop-by-hop headers. */
export function isStrippedHeader(name: string, opts: { upgrade: boolean }): boolean {
  const lower = name.toLowerCase();
  if (lower === 'authorization' || lower.startsWith('impersonate-')) return true;
  if (opts.upgrade && (lower === 'connection' || lower === 'upgrade')) return false;
  return HOP_BY_HOP.includes(lower);
}

/** A copy of the client's headers without the stripped ones (a copy: deleting keys would slow the object down). */
export function forwardedHeaders(headers: IncomingHttpHeaders, opts: { upgrade: boolean }): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = {};
  for (const name in headers) {
    if (!isStrippedHeader(name, opts)) out[name] = headers[name];
  }
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
