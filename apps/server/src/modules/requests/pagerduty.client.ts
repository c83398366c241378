// Asks PagerDuty's REST API v2 whether a person is on call right now: `GET /oncalls` for the configured schedules and
// escalation policies over the instant [now, now+1s), every page (offset/limit until `more` is false), users
// included so their e-mail can be compared with the Infra user name. Throttling (429) is waited out as PagerDuty
// asks (`ratelimit-reset`, or `Retry-After`) a few times within a bounded budget; anything else that is not a clean
// answer is a PagerDutyError, and the caller leaves the request for a person (it never approves on an error).
import { Inject, Injectable } from '@nestjs/common';
import { SERVER_CONFIG, type ServerConfig } from '../../config/config.js';

export interface OnCallTargets {
  scheduleIds: string[];
  escalationPolicyIds: string[];
}

/** How the person is on call, for the decision's record: "schedule Primary (PSCHED1)". */
export type OnCallAnswer = { onCall: true; via: string } | { onCall: false };

export class PagerDutyError extends Error {}

interface Reference {
  id: string;
  summary?: string;
  email?: string;
}

interface OnCall {
  user?: Reference;
  schedule?: Reference | null;
  escalation_policy?: Reference;
  start?: string | null;
  end?: string | null;
}

interface OnCallsPage {
  oncalls?: OnCall[];
  more?: boolean;
  offset?: number;
  limit?: number;
}

export type Sleep = (ms: number) => Promise<void>;

const PAGE_LIMIT = 100;
/** Pages read at most (10,000 on-call entries): a misbehaving `more` must not loop for ever. */
const MAX_PAGES = 100;
const THROTTLE_RETRIES = 3;
/** Longest wait for one throttled call; PagerDuty resets its window within a minute, a request should not wait that. */
const MAX_THROTTLE_WAIT_MS = 10_000;
/** All throttled waits of one check together: the user's POST (and the CLI's 30 s timeout) is waiting on it. */
const THROTTLE_BUDGET_MS = 15_000;
const CALL_TIMEOUT_MS = 10_000;

@Injectable()
export class PagerDutyClient {
  /** Replaced in specs to record the waits instead of sleeping them. */
  sleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

  constructor(@Inject(SERVER_CONFIG) private readonly config: Pick<ServerConfig, 'pagerDutyUrl'>) {}

  async onCallNow(token: string, targets: OnCallTargets, email: string, now: Date): Promise<OnCallAnswer> {
    const wanted = email.toLowerCase();
    const emails = new Map<string, string>(); // user id → e-mail, for entries that came without one
    for (let page = 0, offset = 0; page < MAX_PAGES; page++) {
      const query = new URLSearchParams();
      for (const id of targets.scheduleIds) query.append('schedule_ids[]', id);
      for (const id of targets.escalationPolicyIds) query.append('escalation_policy_ids[]', id);
      query.append('include[]', 'users');
      query.set('since', now.toISOString());
      query.set('until', new Date(now.getTime() + 1000).toISOString());
      query.set('limit', String(PAGE_LIMIT));
      query.set('offset', String(offset));
      const body = (await this.get(token, `/oncalls?${query}`)) as OnCallsPage;
      if (!Array.isArray(body.oncalls))
        throw new PagerDutyError('PagerDuty answered /oncalls without an "oncalls" list');
      for (const entry of body.oncalls) {
        if (!entry.user?.id || !coversNow(entry, now)) continue;
        const userEmail = entry.user.email ?? (await this.emailOf(token, entry.user.id, emails));
        if (userEmail.toLowerCase() === wanted) return { onCall: true, via: describe(entry) };
      }
      if (body.more !== true) return { onCall: false };
      offset += body.oncalls.length || PAGE_LIMIT;
    }
    throw new PagerDutyError(`PagerDuty kept answering more=true after ${MAX_PAGES} pages of on-calls`);
  }

  private async emailOf(token: string, userId: string, cache: Map<string, string>): Promise<string> {
    let email = cache.get(userId);
    if (email === undefined) {
      const body = (await this.get(token, `/users/${encodeURIComponent(userId)}`)) as { user?: { email?: string } };
      email = body.user?.email ?? '';
      cache.set(userId, email);
    }
    return email;
  }

  private async get(token: string, path: string): Promise<unknown> {
    let waited = 0;
    for (let attempt = 0; ; attempt++) {
      let res: Response;
      try {
        res = await fetch(this.config.pagerDutyUrl + path, {
          headers: { authorization: `Token token=${token}`, accept: 'application/vnd.pagerduty+json;version=2' },
          signal: AbortSignal.timeout(CALL_TIMEOUT_MS),
        });
      } catch (e) {
        throw new PagerDutyError(`PagerDuty could not be reached (${(e as Error).message})`);
      }
      const text = await res.text();
      const wait = res.status === 429 ? throttleWait(res.headers) : 0;
      if (res.status === 429 && attempt < THROTTLE_RETRIES && waited + wait <= THROTTLE_BUDGET_MS) {
        waited += wait;
        await this.sleep(wait);
        continue;
      }
      if (res.ok) {
        try {
          return JSON.parse(text);
        } catch {
          throw new PagerDutyError(`PagerDuty answered ${path.split('?')[0]} with something that is not JSON`);
        }
      }
      throw new PagerDutyError(failure(res.status, text));
    }
  }
}

/** Milliseconds PagerDuty asks to wait: `ratelimit-reset` (its documented header) or `Retry-After`, in seconds. */
function throttleWait(headers: Headers): number {
  for (const name of ['ratelimit-reset', 'retry-after']) {
    const value = headers.get(name);
    if (value !== null && /^\d+(\.\d+)?$/.test(value.trim()))
      return Math.min(Number(value) * 1000, MAX_THROTTLE_WAIT_MS);
  }
  return 1000; // throttled without saying for how long: one second, as PagerDuty's clients do
}

function failure(status: number, text: string): string {
  let detail = '';
  try {
    detail = (JSON.parse(text) as { error?: { message?: string } }).error?.message ?? '';
  } catch {
    // not JSON: the status says enough
  }
  const said = detail ? ` (${detail})` : '';
  if (status === 401)
    return `PagerDuty refused the API token${said}; an admin can set a new one with PUT /api/pagerduty`;
  if (status === 403) return `PagerDuty's API token may not read on-calls${said}; give it read access`;
  if (status === 429) return 'PagerDuty kept throttling the on-call check (429)';
  return `PagerDuty answered ${status}${said}`;
}

function coversNow(entry: OnCall, now: Date): boolean {
  const t = now.getTime();
  if (entry.start && Date.parse(entry.start) > t) return false;
  if (entry.end && Date.parse(entry.end) <= t) return false;
  return true;
}

function describe(entry: OnCall): string {
  const name = (r: Reference) => (r.summary ? `${r.summary} (${r.id})` : r.id);
  if (entry.schedule?.id) return `schedule ${name(entry.schedule)}`;
  return entry.escalation_policy?.id ? `escalation policy ${name(entry.escalation_policy)}` : 'PagerDuty';
}
