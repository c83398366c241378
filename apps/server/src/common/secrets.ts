// Hashing of credentials. Passwords (low entropy) use scrypt with a salt; access key secrets are long
// random strings, so one SHA-256 is enough and keeps authentication fast.
import { createHash, randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';

// OWASP's recommendation (Password Storage Cheat Sheet): N=2^17, r=8, p=1. It needs 128 * N * r = 128 MiB, above
// node's default maxmem of 32 MiB. Hashes made with weaker parameters still verify and are rewritten on next login.
const SCRYPT = { N: 2 ** 17, r: 8, p: 1, keylen: 32 } as const;
const MAX_N = 2 ** 20;
const maxmem = (N: number, r: number) => 128 * N * r + 16 * 1024 * 1024;

function scrypt(password: string, salt: Buffer, keylen: number, opts: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scryptCb(password, salt, keylen, opts, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, SCRYPT.keylen, {
    N: SCRYPT.N,
    r: SCRYPT.r,
    p: SCRYPT.p,
    maxmem: maxmem(SCRYPT.N, SCRYPT.r),
  });
  return `scrypt$${SCRYPT.N}$${SCRYPT.r}$${SCRYPT.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

function parse(stored: string) {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  const [N, R, P] = [Number(n), Number(r), Number(p)];
  // Bounded so that a stored value can never ask for more memory or time than today's parameters allow.
  const sane =
    scheme === 'scrypt' &&
    salt &&
    hash &&
    Number.isInteger(N) &&
    N > 1 &&
    N <= MAX_N &&
    (N & (N - 1)) === 0 &&
    Number.isInteger(R) &&
    R >= 1 &&
    R <= 32 &&
    Number.isInteger(P) &&
    P >= 1 &&
    P <= 16;
  const key = sane ? Buffer.from(hash, 'base64') : undefined;
  return key && key.length >= 16 ? { N, r: R, p: P, salt: Buffer.from(salt!, 'base64'), hash: key } : undefined;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parse(stored);
  if (!parsed) return false;
  const key = await scrypt(password, parsed.salt, parsed.hash.length, {
    N: parsed.N,
    r: parsed.r,
    p: parsed.p,
    maxmem: maxmem(parsed.N, parsed.r),
  });
  return timingSafeEqual(key, parsed.hash);
}

/** True when `stored` was made with less work than today's parameters. */
export function needsRehash(stored: string): boolean {
  const parsed = parse(stored);
  return !parsed || parsed.N < SCRYPT.N || parsed.r < SCRYPT.r || parsed.p < SCRYPT.p;
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('base64');
}

export function secretMatches(secret: string, stored: string): boolean {
  const a = Buffer.from(hashSecret(secret));
  const b = Buffer.from(stored);
  return a.length === b.length && timingSafeEqual(a, b);
}

const ALNUM = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** Random letters and digits (rejection sampling keeps the distribution uniform). */
export function randomAlnum(length: number): string {
  let out = '';
  while (out.length < length) {
    for (const b of randomBytes(length * 2)) {
      if (b < 248 && out.length < length) out += ALNUM[b % 62];
    }
  }
  return out;
}
