// Deadlines for specs that wait on an event: when the rule under test breaks, the wait fails within seconds and
// says which rule, instead of hanging until mocha's timeout kills the test without a word.

/** How long a spec waits for something that takes milliseconds when the rule holds (the machine is shared). */
export const DEADLINE_MS = 5_000;

/** Resolves as `promise` does, or rejects after `ms` with "<what> did not happen within <ms> ms". */
export async function within<T>(what: string, promise: Promise<T>, ms = DEADLINE_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not happen within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}
