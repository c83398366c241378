import { Initial1732370000000 } from './1732370000000-initial.js';
import { Connectors1732400000000 } from './1732400000000-connectors.js';
import { GrantIndexes1732450000000 } from './1732450000000-grant-indexes.js';
import { PasswordSessions1732460000000 } from './1732460000000-password-sessions.js';
import { ChangeLogPruning1732470000000 } from './1732470000000-change-log-pruning.js';
import { SigningKeyRotation1733200000000 } from './1733200000000-signing-key-rotation.js';

/** Every migration, oldest first. The schema changes only through these; they run on start. */
export const MIGRATIONS = [Initial1732370000000, Connectors1732400000000, GrantIndexes1732450000000, PasswordSessions1732460000000,
  ChangeLogPruning1732470000000, SigningKeyRotation1733200000000];
