// Access keys: the signed-in user's own (admins and viewers may look at everyone's), made here with an expiry and shown
// once, revoked with a confirmation.
import { Button, Group, Paper, SegmentedControl, Select, Table, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { api, check, type Schemas } from '../api/client';
import { Confirm } from '../components/Confirm';
import { ShownOnce } from '../components/ShownOnce';
import { formatTime, usePaged } from '../paged';
import type { Session } from '../session';
import { ErrorAlert, ListTable, PageTitle } from './parts';

type Key = Schemas['KeyResponse'];

export function AccessKeys({ session }: { session: Session }) {
  const [whose, setWhose] = useState<'mine' | 'everyone'>('mine');
  const everyone = whose === 'everyone';
  const keys = usePaged(async (cursor) => {
    const query = { cursor, userID: everyone ? undefined : session.userID };
    return check(await api.GET('/api/keys', { params: { query } }));
  }, whose);
  const [revoking, setRevoking] = useState<Key>();
  const mayRevoke = (k: Key) => k.userID === session.userID || session.role === 'admin';
  return (
    <>
      <PageTitle>Access keys</PageTitle>
      <CreateKey onCreated={keys.reload} />
      {session.role !== 'user' && (
        <SegmentedControl
          my="md"
          aria-label="Whose keys"
          value={whose}
          onChange={(v) => setWhose(v as typeof whose)}
          data={[
            { value: 'mine', label: 'My keys' },
            { value: 'everyone', label: "Everyone's keys" },
          ]}
        />
      )}
      <ErrorAlert error={keys.error} title="Could not load the keys" />
      <ListTable<Key>
        caption={everyone ? "Everyone's access keys" : 'Your access keys'}
        columns={['Name', ...(everyone ? ['User'] : []), 'Created', 'Expires', 'Last used', 'Actions']}
        items={keys.items}
        more={keys.more}
        loadMore={keys.loadMore}
        empty={everyone ? 'Nobody has an access key.' : 'You have no access keys.'}
        row={(k) => (
          <Table.Tr key={k.id}>
            <Table.Td>{k.name}</Table.Td>
            {everyone && <Table.Td>{k.userName}</Table.Td>}
            <Table.Td>{formatTime(k.created)}</Table.Td>
            <Table.Td>{formatTime(k.expires)}</Table.Td>
            <Table.Td>{formatTime(k.lastUsed)}</Table.Td>
            <Table.Td>
              {mayRevoke(k) && (
                <Button
                  size="compact-sm"
                  variant="subtle"
                  color="red"
                  aria-label={`Revoke ${k.name}`}
                  onClick={() => setRevoking(k)}
                >
                  Revoke
                </Button>
              )}
            </Table.Td>
          </Table.Tr>
        )}
      />
      {revoking && (
        <Confirm
          title={`Revoke ${revoking.name}?`}
          confirm={`Revoke ${revoking.name}`}
          onConfirm={async () => {
            check(await api.DELETE('/api/keys/{id}', { params: { path: { id: revoking.id } } }));
          }}
          onClose={(revoked) => {
            setRevoking(undefined);
            if (revoked) keys.reload();
          }}
        >
          <Text size="sm">The key stops working at once, and so do the sessions and keys made with it.</Text>
        </Confirm>
      )}
    </>
  );
}

const DAY = 86_400;
const EXPIRIES = [
  { value: '', label: "The server's default" },
  { value: String(DAY), label: '1 day' },
  { value: String(30 * DAY), label: '30 days' },
  { value: String(90 * DAY), label: '90 days' },
  { value: String(365 * DAY), label: '1 year' },
];

function CreateKey({ onCreated }: { onCreated(): void }) {
  const [name, setName] = useState('');
  const [expiry, setExpiry] = useState('');
  const [error, setError] = useState<string>();
  const [created, setCreated] = useState<Schemas['CreatedKeyResponse']>();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    setCreated(undefined);
    try {
      const body = { name: name.trim() || undefined, expiry: expiry ? Number(expiry) : undefined };
      setCreated(check(await api.POST('/api/keys', { body })));
      setName('');
      onCreated();
    } catch (err) {
      setError((err as Error).message);
    }
  };
  return (
    <Paper withBorder p="md" maw={720}>
      <form onSubmit={(e) => void submit(e)} aria-labelledby="create-key-title">
        <Title order={3} size="h4" id="create-key-title" mb="xs">
          Create an access key
        </Title>
        <Group align="end">
          <TextInput
            label="Name"
            description="left empty, one is made up"
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
          />
          <Select
            label="Expires after"
            data={EXPIRIES}
            value={expiry}
            onChange={(v) => setExpiry(v ?? '')}
            allowDeselect={false}
          />
          <Button type="submit">Create key</Button>
        </Group>
      </form>
      <ErrorAlert error={error} title="Could not create the key" />
      {created && (
        <ShownOnce title={`Created ${created.name}`} secret={created.accessKey} testId="shown-once">
          Use it with <code>infra login --key</code> or as a bearer token. Made from this browser session, it is revoked
          when you sign out here.
        </ShownOnce>
      )}
    </Paper>
  );
}
