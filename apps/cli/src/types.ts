// Shapes of the REST API's answers (docs/api.md), as far as the CLI reads them. Where the CLI reads a narrower shape
// than the server answers, it is written here and generated/contract.ts checks at compile time that the server's
// answer (generated from apps/server/openapi.json) still fits it; where it reads the whole answer, it is the
// generated schema itself.
import type { components } from './generated/api.js';

type Served = components['schemas'];

export interface User {
  id: string;
  name: string;
  created?: string;
  updated?: string;
  lastSeenAt?: string | null;
  passwordUpdateRequired?: boolean;
  oneTimePassword?: string;
  /** The identity provider whose login made this user; absent for users made in Infra. */
  provider?: string;
  providerSubject?: string;
}

export interface Group {
  id: string;
  name: string;
  created?: string;
  totalUsers?: number;
}

export interface AccessKey {
  id: string;
  name: string;
  userID: string;
  userName?: string;
  created?: string;
  expires?: string | null;
  lastUsed?: string | null;
  inactivityTimeout?: number | null;
  accessKey?: string;
}

export interface Destination {
  id: string;
  name: string;
  url?: string | null;
  caCertificate?: string | null;
  kubernetesVersion?: string | null;
  namespaces?: string[];
  connected?: boolean;
  lastSeen?: string | null;
  created?: string;
}

export interface Grant {
  id: string;
  user?: string | null;
  userName?: string | null;
  group?: string | null;
  groupName?: string | null;
  privilege: string;
  resource: string;
  expiresAt?: string | null;
  created?: string;
  wasCreated?: boolean;
  /** Set when adding extended a grant in force: the time it ended before. */
  extendedFrom?: string;
}

export interface LoginResponse {
  userID: string;
  name: string;
  accessKey: string;
  expires?: string | null;
  passwordUpdateRequired?: boolean;
}

/** A published token signing key (GET /api/signing-keys). */
export type SigningKey = Served['SigningKeyResponse'];

/** An Infra admin action (GET /api/audit). */
export type AuditEvent = Served['AuditEventResponse'];

/** A request through a destination's connector (GET /api/destinations/:id/audit). */
export type ProxyAuditEvent = Served['ProxyAuditEventResponse'];

/** A request a connector proxied, with its destination (GET /api/audit/requests/:id, GET /api/audit/timeline). */
export type ProxiedRequest = Served['ProxiedRequestResponse'];

/** One event of either log in GET /api/audit/timeline; `admin` or `proxied` holds the whole event. */
export type TimelineEntry = Served['TimelineEntryResponse'];

/** An access request (GET /api/requests). */
export type AccessRequest = Served['AccessRequestResponse'];

/** A device login under way (POST /api/device). */
export type DeviceLogin = Served['DeviceLoginResponse'];

export interface Provider {
  id: string;
  name: string;
  kind: string;
  /** The issuer URL. */
  url: string;
  clientID: string;
  /** Whether group sync reads a directory API (else the ID token's groups claim). */
  directory?: boolean;
  /** When a group sync last succeeded, and the last failure since. */
  lastSync?: string;
  lastError?: string;
  created: string;
  updated: string;
}
