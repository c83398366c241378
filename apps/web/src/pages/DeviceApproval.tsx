// The user step of `infra login --no-browser` (RFC 8628): the CLI shows a code and this page's address (with the code
// filled in as ?user_code=), the signed-in person checks the code and approves or denies. Often opened on a phone.
import { Alert, Anchor, Button, Code, Group, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { api, check } from '../api/client';
import { CardPage } from '../components/CardPage';
import { useSession, useSignedIn } from '../session';
import { ErrorAlert } from './parts';

type Decision = 'approve' | 'deny';

export function DeviceApproval() {
  const session = useSignedIn();
  const { signOut } = useSession();
  const [code, setCode] = useState(() => new URLSearchParams(window.location.search).get('user_code') ?? '');
  const [busy, setBusy] = useState<Decision>();
  const [tried, setTried] = useState<Decision>();
  const [error, setError] = useState<string>();
  const [done, setDone] = useState<Decision>();
  const decide = async (decision: Decision) => {
    setBusy(decision);
    setTried(decision);
    setError(undefined);
    const body = { userCode: code };
    try {
      check(
        await (decision === 'approve'
          ? api.POST('/api/device/approve', { body })
          : api.POST('/api/device/deny', { body })),
      );
      setDone(decision);
    } catch (err) {
      setError((err as Error).message);
    }
    setBusy(undefined);
  };
  return (
    <CardPage title="Approve a device login">
      {done ? (
        <Alert
          color={done === 'approve' ? 'green' : 'gray'}
          role="status"
          title={done === 'approve' ? 'Approved' : 'Denied'}
        >
          {done === 'approve'
            ? `The command line is now signed in as ${session.name}. You can close this page.`
            : 'The command line will not be signed in.'}
        </Alert>
      ) : (
        <>
          <Text size="sm">
            A command line (<Code>infra login --no-browser</Code>) asks to sign in to Infra as you. Approving gives it a
            session of its own as <strong>{session.name}</strong>, with your access, ending no later than this browser
            session.
          </Text>
          <Text size="sm">Approve only if you started it just now and it shows the same code.</Text>
          <ErrorAlert error={error} title={`Could not ${tried ?? 'approve'}`} />
          <TextInput
            label="Code shown by the command line"
            placeholder="BCDF-GHJK"
            size="lg"
            autoCapitalize="characters"
            autoComplete="off"
            spellCheck={false}
            required
            value={code}
            onChange={(e) => setCode(e.currentTarget.value)}
            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', letterSpacing: '0.1em' } }}
          />
          <Stack gap="xs">
            <Button size="md" loading={busy === 'approve'} disabled={!!busy} onClick={() => void decide('approve')}>
              Approve
            </Button>
            <Button
              size="md"
              variant="default"
              loading={busy === 'deny'}
              disabled={!!busy}
              onClick={() => void decide('deny')}
            >
              Deny
            </Button>
          </Stack>
        </>
      )}
      <Group justify="space-between" gap="xs">
        <Text size="sm" c="dimmed">
          Signed in as {session.name}
        </Text>
        <Group gap="sm">
          <Anchor href="/" size="sm">
            Infra
          </Anchor>
          <Anchor component="button" size="sm" onClick={() => void signOut()}>
            Not you? Sign out
          </Anchor>
        </Group>
      </Group>
    </CardPage>
  );
}
