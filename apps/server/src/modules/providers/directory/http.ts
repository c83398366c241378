// What the three directory APIs share: JSON over HTTPS with a bearer credential, waits on throttling (429) as each
// API says, and failures as DirectoryError with the API's own words (never a token: the APIs do not echo them).

/** A lookup that failed: the sync keeps the user's last known groups and records this message as provider status. */
export class DirectoryError extends Error {}

/** A throttled call waits at most this long in all; past that the lookup fails and the next round tries again. */
export const MAX_THROTTLE_WAIT_MS = 15_000;
const TIMEOUT_MS = 10_000;

/** How long a 429 asks us to wait (ms), from the API's documented header; undefined: not said. */
export type ThrottleWait = (res: Response, nowMs: number) => number | undefined;

/** Graph, Google: `Retry-After: <seconds>`. */
export const retryAfter: ThrottleWait = (res) => {
  const s = Number(res.headers.get('retry-after'));
  return Number.isFinite(s) && s >= 0 ? s * 1000 : undefined;
};

export interface JsonCall {
  /** Who answers, for messages: "Okta", "Microsoft Graph". */
  api: string;
  headers: Record<string, string>;
  throttleWait: ThrottleWait;
  method?: 'GET' | 'POST';
  form?: Record<string, string>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The message inside the documented error bodies: Okta errorSummary, Graph/Google error.message, OAuth error. */
function errorText(body: unknown): string | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const b = body as Record<string, unknown>;
  if (typeof b.errorSummary === 'string') return b.errorSummary;
  if (b.error && typeof b.error === 'object' && typeof (b.error as { message?: unknown }).message === 'string') {
    return (b.error as { message: string }).message;
  }
  if (typeof b.error === 'string')
    return typeof b.error_description === 'string' ? `${b.error}: ${b.error_description}` : b.error;
  return undefined;
}

/** One JSON answer and its headers; a 429 is waited out (within MAX_THROTTLE_WAIT_MS), any other non-2xx thrown. */
export async function callJson(url: string, call: JsonCall): Promise<{ body: unknown; headers: Headers }> {
  let waited = 0;
  for (;;) {
    let res: Response;
    try {
      res = await fetch(url, {
        method: call.method ?? 'GET',
        headers: { accept: 'application/json', ...call.headers },
        body: call.form ? new URLSearchParams(call.form) : undefined,
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (e) {
      const cause = (e as { cause?: { code?: string } }).cause?.code;
      throw new DirectoryError(`${call.api} could not be reached (${cause ?? (e as Error).message})`);
    }
    if (res.status === 429) {
      const wait = Math.max(call.throttleWait(res, Date.now()) ?? 1000, 0);
      await res.body?.cancel();
      if (waited + wait > MAX_THROTTLE_WAIT_MS)
        throw new DirectoryError(`${call.api} is throttling requests (429); will retry later`);
      waited += wait;
      await sleep(wait);
      continue;
    }
    const text = await res.text();
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = undefined;
    }
    if (!res.ok) {
      const why = errorText(body);
      throw new DirectoryError(`${call.api} answered ${res.status}${why ? `: ${why}` : ''}`);
    }
    if (body === undefined) throw new DirectoryError(`${call.api} answered ${res.status} without JSON`);
    return { body, headers: res.headers };
  }
}

/** A next-page URL from the API must stay on its origin: our credential goes with it. */
export function sameOrigin(next: string, base: string, api: string): string {
  if (new URL(next).origin !== new URL(base).origin)
    throw new DirectoryError(`${api} sent a next page on another host`);
  return next;
}

/** Paging stops here even if the API keeps sending next links (a loop would never end). */
export const MAX_PAGES = 100;
