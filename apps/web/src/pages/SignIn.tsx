import { Button, Divider, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useEffect, useState, type FormEvent } from 'react';
import { api, check, cookie, type Schemas } from '../api/client';
import { CardPage } from '../components/CardPage';
import { rememberPage } from '../route';
import { useSession } from '../session';
import { ErrorAlert } from './parts';

/** Set by the server when a sign-in through a provider failed (see the server's provider-sign-in.controller.ts). */
const PROVIDER_ERROR_COOKIE = 'infra_sign_in_error';

export function SignIn() {
  const { signIn } = useSession();
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState(() => cookie(PROVIDER_ERROR_COOKIE));
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    document.cookie = `${PROVIDER_ERROR_COOKIE}=; Max-Age=0; Path=/`; // shown once
  }, []);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await signIn(name, password);
    } catch (err) {
      setError((err as Error).message);
      setBusy(false);
    }
  };
  return (
    <CardPage title="Sign in to Infra" width={380}>
      <ErrorAlert error={error} title="Could not sign in" />
      <ProviderButtons />
      <form onSubmit={(e) => void submit(e)}>
        <Stack>
          <TextInput
            label="Name"
            name="username"
            autoComplete="username"
            required
            autoFocus
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
          />
          <PasswordInput
            label="Password"
            name="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
          />
          <Button type="submit" loading={busy}>
            Sign in
          </Button>
        </Stack>
      </form>
    </CardPage>
  );
}

type Provider = Schemas['ProviderResponse'];

/** One button per configured identity provider, named as `infra login` names it: `okta (acme.okta.com)`. */
function ProviderButtons() {
  const [providers, setProviders] = useState<Provider[]>([]);
  useEffect(() => {
    // Without the list, the password form still works: a failure here shows no buttons rather than an error.
    api.GET('/api/providers', { params: { query: { limit: 50 } } }).then(
      (result) => setProviders(check(result).items),
      () => undefined,
    );
  }, []);
  if (providers.length === 0) return null;
  return (
    <>
      <Stack gap="xs" role="group" aria-label="Sign in with an identity provider">
        {providers.map((p) => (
          <Button
            key={p.id}
            component="a"
            href={`/api/session/providers/${encodeURIComponent(p.name)}`}
            onClick={rememberPage}
            variant="default"
          >
            Sign in with {p.name} ({new URL(p.url).host})
          </Button>
        ))}
      </Stack>
      <Divider label="or with your name and password" labelPosition="center" />
    </>
  );
}
