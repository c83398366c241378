import { Alert, Autocomplete, Button, Group, Paper, SegmentedControl, Table, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState, type FormEvent } from 'react';
import { api, check, type Schemas } from '../api/client';
import { formatTime, usePaged } from '../paged';
import { ErrorAlert, ListTable, PageTitle } from './parts';

type Grant = Schemas['GrantResponse'];

// The ClusterRoles every cluster has, and Infra's own; any other ClusterRole name may be typed.
const ROLES = ['view', 'edit', 'admin', 'cluster-admin', 'connect'];

export function Grants() {
  const [filter, setFilter] = useState({ user: '', group: '', destination: '' });
  // Each filter is an exact name (or id); the list follows once typing pauses.
  const [settled] = useDebouncedValue(filter, 300);
  const query = {
    user: settled.user.trim() || undefined,
    group: settled.group.trim() || undefined,
    destination: settled.destination.trim() || undefined,
  };
  const grants = usePaged(
    async (cursor) => check(await api.GET('/api/grants', { params: { query: { ...query, cursor } } })),
    JSON.stringify(query),
  );
  const [error, setError] = useState<string>();
  const remove = async (g: Grant) => {
    setError(undefined);
    try {
      check(await api.DELETE('/api/grants/{id}', { params: { path: { id: g.id } } }));
      grants.reload();
    } catch (err) {
      setError((err as Error).message);
    }
  };
  const set = (key: keyof typeof filter) => (e: { currentTarget: HTMLInputElement }) =>
    setFilter({ ...filter, [key]: e.currentTarget.value });
  return (
    <>
      <PageTitle>Grants</PageTitle>
      <AddGrant onAdded={grants.reload} />
      <Group my="md" role="search" aria-label="Filter grants">
        <TextInput label="User" type="search" value={filter.user} onChange={set('user')} />
        <TextInput label="Group" type="search" value={filter.group} onChange={set('group')} />
        <TextInput label="Destination" type="search" value={filter.destination} onChange={set('destination')} />
      </Group>
      <ErrorAlert error={grants.error} title="Could not load the grants" />
      <ErrorAlert error={error} title="Could not remove the grant" />
      <ListTable<Grant>
        caption="Grants"
        columns={['Subject', 'Role', 'Resource', 'Expires', 'Created', '']}
        items={grants.items}
        more={grants.more}
        loadMore={grants.loadMore}
        empty="No grants match."
        row={(g) => {
          const subject = g.userName ?? (g.groupName ? `group ${g.groupName}` : '?');
          return (
            <Table.Tr key={g.id}>
              <Table.Td>{subject}</Table.Td>
              <Table.Td>{g.privilege}</Table.Td>
              <Table.Td>{g.resource}</Table.Td>
              <Table.Td>{formatTime(g.expiresAt)}</Table.Td>
              <Table.Td>{formatTime(g.created)}</Table.Td>
              <Table.Td>
                <Button
                  size="compact-sm"
                  variant="subtle"
                  color="red"
                  onClick={() => void remove(g)}
                  aria-label={`Remove ${g.privilege} on ${g.resource} from ${subject}`}
                >
                  Remove
                </Button>
              </Table.Td>
            </Table.Tr>
          );
        }}
      />
    </>
  );
}

function AddGrant({ onAdded }: { onAdded(): void }) {
  const [kind, setKind] = useState<'user' | 'group'>('user');
  const [subject, setSubject] = useState('');
  const [privilege, setPrivilege] = useState('view');
  const [resource, setResource] = useState('');
  const [expires, setExpires] = useState('');
  const [error, setError] = useState<string>();
  const [added, setAdded] = useState<string>();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    setAdded(undefined);
    try {
      const expiresAt = expires ? new Date(expires).toISOString() : undefined;
      check(await api.POST('/api/grants', { body: { [kind]: subject, privilege, resource, expiresAt } }));
      setAdded(`${subject} has ${privilege} on ${resource}`);
      setSubject('');
      setResource('');
      onAdded();
    } catch (err) {
      setError((err as Error).message);
    }
  };
  return (
    <Paper withBorder p="md">
      <form onSubmit={(e) => void submit(e)} aria-labelledby="add-grant-title">
        <Title order={3} size="h4" id="add-grant-title" mb="xs">
          Add a grant
        </Title>
        <Group align="end">
          <SegmentedControl
            aria-label="Grant to"
            value={kind}
            onChange={(v) => setKind(v as 'user' | 'group')}
            data={[
              { value: 'user', label: 'User' },
              { value: 'group', label: 'Group' },
            ]}
          />
          <TextInput
            label={kind === 'user' ? 'User name' : 'Group name'}
            required
            value={subject}
            onChange={(e) => setSubject(e.currentTarget.value)}
          />
          <Autocomplete label="Role" required data={ROLES} value={privilege} onChange={setPrivilege} />
          <TextInput
            label="Resource"
            description="destination or destination.namespace"
            required
            value={resource}
            onChange={(e) => setResource(e.currentTarget.value)}
          />
          <TextInput
            label="Expires"
            type="datetime-local"
            value={expires}
            onChange={(e) => setExpires(e.currentTarget.value)}
          />
          <Button type="submit">Add grant</Button>
        </Group>
      </form>
      <ErrorAlert error={error} title="Could not add the grant" />
      {added && (
        <Alert role="status" color="green" mt="sm" title="Grant added">
          {added}.
        </Alert>
      )}
    </Paper>
  );
}
