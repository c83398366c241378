import { Button, PasswordInput, Stack, Text } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { api, check } from '../api/client';
import { CardPage } from '../components/CardPage';
import { useSession, useSignedIn } from '../session';
import { ErrorAlert } from './parts';

/** Shown instead of everything else while the session is held to a one-time password. */
export function ChangePassword() {
  const session = useSignedIn();
  const { refresh, signOut } = useSession();
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    if (password !== repeat) return setError('the two passwords differ');
    setBusy(true);
    try {
      check(await api.PUT('/api/users/{id}', { params: { path: { id: session.userID } }, body: { password } }));
      await refresh();
    } catch (err) {
      setError((err as Error).message);
      setBusy(false);
    }
  };
  return (
    <CardPage title="Choose a new password" width={420}>
      <form onSubmit={(e) => void submit(e)}>
        <Stack>
          <Text size="sm">You signed in as {session.name} with a one-time password. Choose your own to go on.</Text>
          <ErrorAlert error={error} title="Could not change the password" />
          <PasswordInput
            label="New password"
            autoComplete="new-password"
            required
            autoFocus
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
          />
          <PasswordInput
            label="Repeat the new password"
            autoComplete="new-password"
            required
            value={repeat}
            onChange={(e) => setRepeat(e.currentTarget.value)}
          />
          <Button type="submit" loading={busy}>
            Change password
          </Button>
          <Button variant="subtle" onClick={() => void signOut()}>
            Sign out
          </Button>
        </Stack>
      </form>
    </CardPage>
  );
}
