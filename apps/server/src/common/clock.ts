/** The time, injectable so that expiry rules can be tested without waiting. */
export class Clock {
  now(): Date {
    return new Date();
  }
}
