// Questions to the user. Only ever asked on a terminal: scripts get an error that names the flag.
import { createInterface } from 'node:readline';
import { CliError } from './errors.js';

export interface Prompt {
  ask(question: string): Promise<string>;
  secret(question: string): Promise<string>;
  confirm(question: string): Promise<boolean>;
  /** One of `choices` (its index), picked with the arrow keys. */
  select(question: string, choices: string[]): Promise<number>;
  /** Whether questions can be asked at all: callers that have another way (a default, a flag) check first. */
  readonly interactive: boolean;
}

export class TerminalPrompt implements Prompt {
  constructor(
    private readonly input: NodeJS.ReadStream = process.stdin,
    private readonly output: NodeJS.WriteStream = process.stderr,
  ) {}

  get interactive(): boolean {
    return Boolean(this.input.isTTY);
  }

  private ensureTTY(question: string, hint: string): void {
    if (!this.input.isTTY) throw new CliError(`cannot ask "${question.trim()}" without a terminal: ${hint}`);
  }

  ask(question: string): Promise<string> {
    this.ensureTTY(question, 'pass the value as a flag');
    return this.readLine(question, false);
  }

  secret(question: string): Promise<string> {
    this.ensureTTY(question, 'use --key or INFRA_ACCESS_KEY in scripts');
    return this.readLine(question, true);
  }

  async confirm(question: string): Promise<boolean> {
    this.ensureTTY(question, 'pass --tls-fingerprint or --skip-tls-verify in scripts');
    return /^y(es)?$/i.test((await this.readLine(`${question} [y/N] `, false)).trim());
  }

  async select(question: string, choices: string[]): Promise<number> {
    this.ensureTTY(question, 'pass the value as a flag');
    // Loaded only here: the credential plugin, which never asks, does not pay for it.
    const { default: select } = await import('@inquirer/select');
    return select(
      { message: question, choices: choices.map((name, value) => ({ name, value })) },
      { input: this.input, output: this.output },
    );
  }

  private readLine(question: string, hidden: boolean): Promise<string> {
    const rl = createInterface({ input: this.input, output: this.output, terminal: true });
    if (hidden) {
      // Echo nothing while the user types; readline writes through _writeToOutput.
      const r = rl as unknown as { _writeToOutput: (s: string) => void };
      r._writeToOutput = (s: string) => {
        if (s.startsWith(question) || s === '\r\n' || s === '\n')
          this.output.write(s.startsWith(question) ? question : s);
      };
    }
    return new Promise((resolve) => {
      rl.question(question, (answer) => {
        rl.close();
        resolve(answer);
      });
    });
  }
}
