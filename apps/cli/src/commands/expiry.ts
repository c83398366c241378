// Times on the command line: `--expires 2h` / `--until <RFC3339>` for grants, `--since 1h` for the audit log, and how
// an expiry is shown in tables ("in 1h59m"). Durations are whole units only (30m, 2h, 1d, 1h30m): no fractions, no
// sign, nothing zero, so a typo never turns into a grant that lasts forever or one already over.
import { DURATION_UNITS, durationSeconds } from '@infra/access';
import { CliError } from '../errors.js';

const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})$/;
/** Longer than any sensible grant or look-back; also keeps the sum far from Date's limits. */
const MAX_MS = 10 * 365 * 86_400_000;

/** Milliseconds in a duration like 30m, 2h, 1d or 1h30m; a CliError naming `flag` otherwise. */
export function parseDuration(flag: string, input: string): number {
  const text = input.trim();
  const hint = `use a positive duration like 30m, 2h or 1d`;
  const seconds = durationSeconds(text);
  if (seconds === undefined) throw new CliError(`${flag} "${input}" is not a duration: ${hint}`);
  const ms = seconds * 1000;
  if (ms === 0) throw new CliError(`${flag} "${input}" is zero: ${hint}`);
  if (!(ms <= MAX_MS)) throw new CliError(`${flag} "${input}" is more than 10 years: ${hint}`);
  return ms;
}

/** A point in time written as RFC 3339 (2026-05-01T17:00:00Z, with a zone); a CliError naming `flag` otherwise. */
export function parseTime(flag: string, input: string): Date {
  const t = RFC3339.test(input.trim()) ? Date.parse(input.trim()) : NaN;
  if (!Number.isFinite(t))
    throw new CliError(`${flag} "${input}" is not a time: use RFC 3339 with a zone, like 2026-05-01T17:00:00Z`);
  return new Date(t);
}

/** When a grant made now should expire: --expires (from now) or --until (a time in the future); null for never. */
export function grantExpiry(opts: { expires?: string; until?: string }, now: Date): Date | null {
  if (opts.expires !== undefined && opts.until !== undefined) throw new CliError('give --expires or --until, not both');
  if (opts.expires !== undefined) return new Date(now.getTime() + parseDuration('--expires', opts.expires));
  if (opts.until === undefined) return null;
  const until = parseTime('--until', opts.until);
  if (until.getTime() <= now.getTime())
    throw new CliError(`--until ${opts.until} is not in the future: a grant must end after now`);
  return until;
}

/** A look-back like 1h (that long before now) or an RFC 3339 time, for --since and --until filters. */
export function timeOrAgo(flag: string, input: string, now: Date): Date {
  if (durationSeconds(input.trim()) !== undefined) return new Date(now.getTime() - parseDuration(flag, input));
  return parseTime(flag, input);
}

/** "in 1h59m", "in 3d4h", "in 42s"; "never" for a permanent grant, "expired" for one that is over. */
export function expiresIn(expiresAt: string | null | undefined, now: Date): string {
  if (!expiresAt) return 'never';
  const ms = Date.parse(expiresAt) - now.getTime();
  if (!Number.isFinite(ms)) return 'never';
  // Expired at the instant itself, as the server and the connector count it.
  if (ms <= 0) return 'expired';
  let s = Math.floor(ms / 1000);
  if (s === 0) return 'in <1s';
  const parts: string[] = [];
  for (const [unit, size] of DURATION_UNITS) {
    const n = Math.floor(s / size);
    s -= n * size;
    if (n > 0 || (parts.length > 0 && unit !== 's')) parts.push(`${n}${unit}`);
    if (parts.length === 2) break; // two units say enough: 1h59m, not 1h59m12s
  }
  return `in ${parts.join('').replace(/(?<=[dhm])0[hms]$/, '')}`;
}
