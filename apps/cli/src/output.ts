// Everything a command prints goes through Output, so tests can capture it and --output can switch
// between aligned tables (for people) and JSON or YAML (for scripts).
import YAML from 'yaml';

export type Format = 'table' | 'json' | 'yaml' | 'jsonl';
/** jsonl: JSON lines, one item a line (a list) or the object on one line; for exports that other tools stream. */
export const FORMATS: Format[] = ['table', 'json', 'yaml', 'jsonl'];

export interface Column<T> {
  header: string;
  value: (row: T) => string;
}

export interface Sink {
  write(s: string): unknown;
  isTTY?: boolean;
}

export class Output {
  format: Format = 'table';

  constructor(
    private readonly stdout: Sink,
    private readonly stderr: Sink,
    readonly color = Boolean(stdout.isTTY) && !process.env.NO_COLOR,
  ) {}

  line(s = ''): void {
    this.stdout.write(s + '\n');
  }

  warn(s: string): void {
    this.stderr.write(`${this.paint('warning:', 33)} ${s}\n`);
  }

  /** For messages around the data (prompts' context, hints): stderr, so stdout stays parseable. */
  info(s: string): void {
    this.stderr.write(s + '\n');
  }

  bold(s: string): string {
    return this.paint(s, 1);
  }

  private paint(s: string, code: number): string {
    return this.color ? `\u001b[${code}m${s}\u001b[0m` : s;
  }

  /** A single object: key/value lines as a table, or the object itself as JSON/YAML. */
  object(data: object, table: () => void): void {
    if (this.format === 'table') table();
    else this.data(data);
  }

  data(data: unknown): void {
    if (this.format === 'jsonl')
      for (const item of Array.isArray(data) ? data : [data]) this.line(JSON.stringify(item));
    else if (this.format === 'json') this.line(JSON.stringify(data, null, 2));
    else this.stdout.write(YAML.stringify(data));
  }

  /** A list: aligned columns (or `empty` when there are no rows), or the raw items as JSON/YAML. */
  table<T>(rows: T[], columns: Column<T>[], empty: string, raw: unknown[] = rows): void {
    if (this.format !== 'table') return this.data(raw);
    if (rows.length === 0) return this.line(empty);
    this.line(
      formatTable(
        columns.map((c) => c.header),
        rows.map((r) => columns.map((c) => c.value(r))),
      ),
    );
  }
}

export function formatTable(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const fmt = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [fmt(headers), ...rows.map(fmt)].join('\n');
}

const UNITS: [string, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
  ['second', 1],
];

/** "2 hours ago", "in 5 minutes", "just now"; "-" when there is no time. */
export function relativeTime(time: string | null | undefined, now: Date): string {
  if (!time) return '-';
  const t = Date.parse(time);
  if (!Number.isFinite(t)) return '-';
  const secs = Math.round((t - now.getTime()) / 1000);
  const abs = Math.abs(secs);
  if (abs < 5) return 'just now';
  const [unit, size] = UNITS.find(([, s]) => abs >= s)!;
  const n = Math.floor(abs / size);
  const phrase = n === 1 ? (unit === 'hour' ? 'an hour' : `a ${unit}`) : `${n} ${unit}s`;
  return secs < 0 ? `${phrase} ago` : `in ${phrase}`;
}
