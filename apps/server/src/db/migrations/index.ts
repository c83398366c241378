import { Initial1732370000000 } from './1732370000000-initial.js';
import { Connectors1732400000000 } from './1732400000000-connectors.js';

/** Every migration, oldest first. The schema changes only through these; they run on start. */
export const MIGRATIONS = [Initial1732370000000, Connectors1732400000000];
