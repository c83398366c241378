import { Initial1732370000000 } from './1732370000000-initial.js';
import { Connectors1732400000000 } from './1732400000000-connectors.js';
import { GrantIndexes1732450000000 } from './1732450000000-grant-indexes.js';
import { PasswordSessions1732460000000 } from './1732460000000-password-sessions.js';
import { ChangeLogPruning1732470000000 } from './1732470000000-change-log-pruning.js';
import { CredentialFamilies1733000000000 } from './1733000000000-credential-families.js';
import { ConnectorKeys1733000000001 } from './1733000000001-connector-keys.js';
import { Settings1733000000002 } from './1733000000002-settings.js';
import { UserNameCase1733100000000 } from './1733100000000-user-name-case.js';
import { SigningKeyRotation1733200000000 } from './1733200000000-signing-key-rotation.js';
import { Providers1733300000000 } from './1733300000000-providers.js';
import { AppliedObjects1733400000000 } from './1733400000000-applied-objects.js';
import { AccessRequests1733500000000 } from './1733500000000-access-requests.js';
import { DeviceLogins1733600000000 } from './1733600000000-device-logins.js';
import { ProviderSync1733600000010 } from './1733600000010-provider-sync.js';
import { AuditRequestIds1733650000000 } from './1733650000000-audit-request-ids.js';
import { Scim1733700000000 } from './1733700000000-scim.js';
import { UserOrigin1733710000000 } from './1733710000000-user-origin.js';
import { ExpiryAudit1733720000000 } from './1733720000000-expiry-audit.js';
import { SessionEndAudit1733730000000 } from './1733730000000-session-end-audit.js';
import { ScimUserProvider1733740000000 } from './1733740000000-scim-user-provider.js';
import { KeyEndAudit1733750000000 } from './1733750000000-key-end-audit.js';

/** Every migration, oldest first. The schema changes only through these; they run on start. */
export const MIGRATIONS = [
  Initial1732370000000,
  Connectors1732400000000,
  GrantIndexes1732450000000,
  PasswordSessions1732460000000,
  ChangeLogPruning1732470000000,
  CredentialFamilies1733000000000,
  ConnectorKeys1733000000001,
  Settings1733000000002,
  UserNameCase1733100000000,
  SigningKeyRotation1733200000000,
  Providers1733300000000,
  AppliedObjects1733400000000,
  AccessRequests1733500000000,
  DeviceLogins1733600000000,
  ProviderSync1733600000010,
  AuditRequestIds1733650000000,
  Scim1733700000000,
  UserOrigin1733710000000,
  ExpiryAudit1733720000000,
  SessionEndAudit1733730000000,
  ScimUserProvider1733740000000,
  KeyEndAudit1733750000000,
];
