// Errors the user sees: one sentence that names the fix. main.ts prints the message (never a stack)
// and exits with the code.
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** The message a session-less command prints; the kubectl plugin prints exactly this line. */
export const SESSION_ENDED = 'your Infra session has ended: run `infra login`';

export class SessionEndedError extends CliError {
  constructor() {
    super(SESSION_ENDED);
    this.name = 'SessionEndedError';
  }
}
