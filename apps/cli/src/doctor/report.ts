// What `infra doctor` found: one result per check, printed as one line (✓, ✗ with the fix, or - when it could
// not be tried) or as a JSON report for a support ticket. No result ever holds a key or a token.
import type { Output } from '../output.js';
import { timedOut, describeNetworkError } from './probe.js';

/** How long one check may take: doctor must answer even when the network swallows packets. */
export const CHECK_TIMEOUT_MS = 5_000;

export type Status = 'ok' | 'fail' | 'skip';

export interface CheckResult {
  check: string;
  /** For the checks made per granted destination. */
  destination?: string;
  status: Status;
  /** What was found, in one sentence. */
  detail: string;
  /** What to run or change, on fail. */
  fix?: string;
  ms: number;
}

export type Finding = Omit<CheckResult, 'check' | 'destination' | 'ms'>;

export const ok = (detail: string): Finding => ({ status: 'ok', detail });
export const fail = (detail: string, fix: string): Finding => ({ status: 'fail', detail, fix });
export const skip = (detail: string): Finding => ({ status: 'skip', detail });

export class Report {
  readonly results: CheckResult[] = [];

  /** Runs one check with its deadline; an exception or a timeout is a failed check, never a crash. */
  async check(
    check: string,
    run: () => Promise<Finding>,
    opts: { destination?: string; timeoutMs?: number; fix?: string } = {},
  ): Promise<CheckResult> {
    const started = performance.now();
    const timeoutMs = opts.timeoutMs ?? CHECK_TIMEOUT_MS;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(timedOut(timeoutMs)), timeoutMs);
    });
    let finding: Finding;
    try {
      finding = await Promise.race([run(), late]);
    } catch (e) {
      finding = fail(
        describeNetworkError(e),
        opts.fix ??
          'run `infra doctor` again; if it fails the same way, attach `infra doctor -o json` to a support ticket',
      );
    } finally {
      clearTimeout(timer);
    }
    const result: CheckResult = {
      check,
      ...(opts.destination ? { destination: opts.destination } : {}),
      ...finding,
      ms: Math.round(performance.now() - started),
    };
    this.results.push(result);
    return result;
  }

  get failed(): boolean {
    return this.results.some((r) => r.status === 'fail');
  }

  print(out: Output, meta: Record<string, unknown>): void {
    if (out.format !== 'table') {
      out.data({ ...meta, ok: !this.failed, checks: this.results });
      return;
    }
    for (const r of this.results) out.line(formatLine(r));
  }
}

const SYMBOL: Record<Status, string> = { ok: '✓', fail: '✗', skip: '-' };

export function formatLine(r: CheckResult): string {
  const name = r.destination ? `${r.destination}: ${r.check}` : r.check;
  return `${SYMBOL[r.status]} ${name}: ${r.detail}${r.fix ? ` — fix: ${r.fix}` : ''}`;
}
