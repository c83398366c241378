import { Code, CopyButton, Button, Group, Table, Text } from '@mantine/core';
import { api, check, type Schemas } from '../api/client';
import { formatTime, usePaged } from '../paged';
import type { Session } from '../session';
import { ErrorAlert, ListTable, PageTitle } from './parts';

type Grant = Schemas['GrantResponse'];

/** The destinations and namespaces the signed-in user may reach, and the command that switches kubectl there. */
export function MyAccess({ session }: { session: Session }) {
  const grants = usePaged(async (cursor) => {
    // A plain user's list is their own (and their groups') anyway; an admin's must be narrowed to themselves.
    const query = { user: session.userID, showInherited: true, cursor, limit: 200 };
    const page = check(await api.GET('/api/grants', { params: { query } }));
    return { ...page, items: page.items.filter((g) => g.resource !== 'infra') };
  }, session.userID);
  return (
    <>
      <PageTitle>My access</PageTitle>
      <ErrorAlert error={grants.error} title="Could not load your access" />
      <ListTable<Grant>
        caption="Where you have access"
        columns={['Destination', 'Namespace', 'Role', 'Through', 'Expires', 'Command']}
        items={grants.items}
        more={grants.more}
        loadMore={grants.loadMore}
        empty="You have no access to any destination yet: ask an admin for a grant."
        row={(g) => {
          const [destination, namespace] = g.resource.split('.', 2);
          const command = `infra use ${g.resource}`;
          return (
            <Table.Tr key={g.id}>
              <Table.Td>{destination}</Table.Td>
              <Table.Td>
                {namespace ?? (
                  <Text span c="dimmed">
                    all
                  </Text>
                )}
              </Table.Td>
              <Table.Td>{g.privilege}</Table.Td>
              <Table.Td>{g.groupName ? `group ${g.groupName}` : 'you'}</Table.Td>
              <Table.Td>{formatTime(g.expiresAt)}</Table.Td>
              <Table.Td>
                <Group gap="xs" wrap="nowrap">
                  <Code>{command}</Code>
                  <CopyButton value={command}>
                    {({ copied, copy }) => (
                      <Button size="compact-xs" variant="subtle" onClick={copy} aria-label={`Copy ${command}`}>
                        {copied ? 'Copied' : 'Copy'}
                      </Button>
                    )}
                  </CopyButton>
                </Group>
              </Table.Td>
            </Table.Tr>
          );
        }}
      />
    </>
  );
}
