// Durations as people write them: whole units only (30m, 2h, 1d, 1h30m), the grammar of the CLI's --expires, --for
// and --since and of the server's access requests and settings. No fractions, no sign, at most seven digits a unit,
// so a typo never becomes a grant that lasts forever.

/** The units, largest first, with their length in seconds. */
export const DURATION_UNITS = [
  ['d', 86_400],
  ['h', 3600],
  ['m', 60],
  ['s', 1],
] as const;

const UNIT_SECONDS: Record<string, number> = Object.fromEntries(DURATION_UNITS);
const DURATION = /^(?:\d{1,7}[smhd])+$/;

/** Seconds in `text`: undefined when it is not written as a duration, 0 when it adds up to nothing ("0m"). */
export function durationSeconds(text: string): number | undefined {
  if (!DURATION.test(text)) return undefined;
  let seconds = 0;
  for (const [, n, unit] of text.matchAll(/(\d+)([smhd])/g)) seconds += Number(n) * UNIT_SECONDS[unit!]!;
  return seconds;
}

/** Seconds in `text`, or undefined when it is not a positive duration. */
export function parseDurationSeconds(text: string): number | undefined {
  return durationSeconds(text) || undefined;
}

/** 5400 → "1h30m"; 86400 → "1d"; 0 → "0s". */
export function formatDuration(seconds: number): string {
  let rest = seconds;
  let out = '';
  for (const [unit, size] of DURATION_UNITS) {
    const n = Math.floor(rest / size);
    rest -= n * size;
    if (n > 0) out += `${n}${unit}`;
  }
  return out || '0s';
}
