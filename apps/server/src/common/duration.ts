// Durations as people write them: whole units only (30m, 2h, 1d, 1h30m), the grammar the CLI's --expires and --for
// use. No fractions, no sign, nothing zero, so a typo never becomes a grant that lasts forever or one already over.
const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };
const DURATION = /^(?:\d{1,7}[smhd])+$/;

/** Seconds in `text`, or undefined when it is not a positive duration. */
export function parseDurationSeconds(text: string): number | undefined {
  if (!DURATION.test(text)) return undefined;
  let seconds = 0;
  for (const [, n, unit] of text.matchAll(/(\d+)([smhd])/g)) seconds += Number(n) * UNIT_SECONDS[unit!]!;
  return seconds > 0 ? seconds : undefined;
}

/** 5400 → "1h30m"; 86400 → "1d". */
export function formatDuration(seconds: number): string {
  let rest = seconds;
  let out = '';
  for (const [unit, size] of [
    ['d', 86_400],
    ['h', 3600],
    ['m', 60],
    ['s', 1],
  ] as const) {
    const n = Math.floor(rest / size);
    rest -= n * size;
    if (n > 0) out += `${n}${unit}`;
  }
  return out || '0s';
}
