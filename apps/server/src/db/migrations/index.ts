import { Initial1732370000000 } from './1732370000000-initial.js';

/** Every migration, oldest first. The schema changes only through these; they run on start. */
export const MIGRATIONS = [Initial1732370000000];
