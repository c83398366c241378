// What commands depend on, passed in so tests run them in-process with fakes and capture output.
import { ApiClient } from './api.js';
import { openBrowser } from './browser.js';
import { ConfigStore, infraHome, type ServerEntry, type Session } from './config.js';
import { CliError } from './errors.js';
import { Output } from './output.js';
import { TerminalPrompt, type Prompt } from './prompt.js';

export interface Deps {
  config: ConfigStore;
  out: Output;
  prompt: Prompt;
  clock: () => Date;
  env: NodeJS.ProcessEnv;
  version: string;
  /** Opens a URL in the user's browser (best effort); tests sign in at their OIDC provider here instead. */
  openBrowser(url: string): void;
  /** All of standard input (for `--password-stdin`); refuses a terminal, where nothing would end the input. */
  readStdin(): Promise<string>;
  /** The API client for a server; a seam for tests (e.g. to count requests). */
  api(target: ConstructorParameters<typeof ApiClient>[0]): ApiClient;
  /** Waits between polls (device login); tests act while the CLI waits. */
  sleep(ms: number): Promise<void>;
}

export interface LoggedIn {
  server: ServerEntry & { session: Session };
  api: ApiClient;
}

/** The current server and a client holding its session key, or an error that says to log in. */
export function loggedIn(deps: Deps): LoggedIn {
  const server = deps.config.current();
  if (!server?.session) throw new CliError('you are not logged in: run `infra login SERVER` first');
  return { server: server as LoggedIn['server'], api: deps.api({ ...server, accessKey: server.session.accessKey }) };
}

export function processDeps(version: string): Deps {
  return {
    config: new ConfigStore(infraHome(process.env)),
    out: new Output(process.stdout, process.stderr),
    prompt: new TerminalPrompt(),
    clock: () => new Date(),
    env: process.env,
    version,
    openBrowser: (url) => openBrowser(url, process.env),
    readStdin: async () => {
      if (process.stdin.isTTY)
        throw new CliError(
          '--password-stdin reads the password from a pipe, e.g. `printenv INFRA_PASSWORD | infra login …`',
        );
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
    api: (target) => new ApiClient(target),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  };
}
