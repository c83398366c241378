// The code a person reads off one screen and types on another: 8 letters from an alphabet with no vowels (no
// words) and no look-alikes (no 0/O, 1/I/L confusion with digits), shown as XXXX-XXXX. 20^8 ≈ 2.6e10 codes, against
// guesses that are throttled per address and per user and live ten minutes.
import { createHash, randomInt } from 'node:crypto';

export const USER_CODE_ALPHABET = 'BCDFGHJKLMNPQRSTVWXZ';
export const USER_CODE_LENGTH = 8;

export function newUserCode(): string {
  const letters = Array.from(
    { length: USER_CODE_LENGTH },
    () => USER_CODE_ALPHABET[randomInt(USER_CODE_ALPHABET.length)],
  );
  return `${letters.slice(0, 4).join('')}-${letters.slice(4).join('')}`;
}

/** The code as typed (any case, spaces or dashes) in its canonical form, or undefined when it cannot be one. */
export function canonicalUserCode(typed: string): string | undefined {
  const letters = typed.toUpperCase().replace(/[\s-]/g, '');
  if (letters.length !== USER_CODE_LENGTH || [...letters].some((c) => !USER_CODE_ALPHABET.includes(c)))
    return undefined;
  return letters;
}

/** Codes are kept only as hashes: a copy of the table does not let anyone approve or poll. */
export function hashCode(code: string): string {
  return createHash('sha256').update(code).digest('base64url');
}
