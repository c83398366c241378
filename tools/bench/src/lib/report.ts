// What every benchmark prints: one row per metric, measured against a baseline taken in the same run, so the
// ratio means something on a shared, busy machine where absolute numbers drift.

export interface Row {
  metric: string;
  unit: string;
  value: number;
  /** The same thing without the part under test (a direct request, `node -e 0`, ...); absent: none. */
  baseline?: number;
  target: Target;
}

/** `max`: value (or value minus baseline, with `added`) must stay at or below; `min-ratio`: value/baseline at or above. */
export type Target = { kind: 'max'; limit: number; added?: boolean } | { kind: 'min-ratio'; limit: number };

export function passes(row: Row): boolean {
  const t = row.target;
  if (t.kind === 'min-ratio')
    return row.baseline !== undefined && row.baseline > 0 && row.value / row.baseline >= t.limit;
  const measured = t.added ? row.value - (row.baseline ?? 0) : row.value;
  return measured <= t.limit;
}

function num(n: number | undefined): string {
  if (n === undefined || !Number.isFinite(n)) return '-';
  if (Math.abs(n) >= 100) return n.toFixed(0);
  if (Math.abs(n) >= 1) return n.toFixed(2);
  return n.toFixed(3);
}

function targetText(row: Row): string {
  const t = row.target;
  if (t.kind === 'min-ratio') return `ratio >= ${t.limit}`;
  return `${t.added ? 'added ' : ''}<= ${num(t.limit)} ${row.unit}`;
}

/** The table as text: metric | value | baseline | ratio | target | PASS/MISS. */
export function formatTable(title: string, rows: Row[]): string {
  const header = ['metric', 'value', 'baseline', 'ratio', 'target', 'result'];
  const lines = rows.map((r) => [
    r.metric,
    `${num(r.value)} ${r.unit}`,
    r.baseline === undefined ? '-' : `${num(r.baseline)} ${r.unit}`,
    r.baseline ? num(r.value / r.baseline) : '-',
    targetText(r),
    passes(r) ? 'PASS' : 'MISS',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const fmt = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [`## ${title}`, fmt(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...lines.map(fmt)].join(
    '\n',
  );
}

export function printTable(title: string, rows: Row[]): void {
  process.stdout.write(formatTable(title, rows) + '\n\n');
}
