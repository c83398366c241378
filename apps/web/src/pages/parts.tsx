// Pieces every page uses: the API's sentence as an alert, a table that says when it is empty or loading, "more".
import { Alert, Button, Center, Loader, Table, Text, Title, type TableProps } from '@mantine/core';
import type { ReactNode } from 'react';

export function ErrorAlert({ error, title = 'Something went wrong' }: { error: string | undefined; title?: string }) {
  return error ? (
    <Alert color="red" role="alert" title={title} my="sm">
      {error}
    </Alert>
  ) : null;
}

export function PageTitle({ children }: { children: ReactNode }) {
  return (
    <Title order={2} mb="md">
      {children}
    </Title>
  );
}

interface ListTableProps<T> extends TableProps {
  caption: string;
  columns: string[];
  items: T[] | undefined;
  empty: string;
  row(item: T): ReactNode;
  more?: boolean;
  loadMore?(): void;
}

export function ListTable<T>({ caption, columns, items, empty, row, more, loadMore, ...props }: ListTableProps<T>) {
  if (items === undefined)
    return (
      <Center p="lg">
        <Loader aria-label={`Loading ${caption.toLowerCase()}`} />
      </Center>
    );
  if (items.length === 0)
    return (
      <Text c="dimmed" my="md">
        {empty}
      </Text>
    );
  return (
    <>
      <Table.ScrollContainer minWidth={600}>
        <Table striped highlightOnHover {...props}>
          <Table.Caption>{caption}</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              {columns.map((c) => (
                <Table.Th key={c} scope="col">
                  {c}
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>{items.map(row)}</Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {more && loadMore && (
        <Button variant="default" mt="sm" onClick={loadMore}>
          Show more
        </Button>
      )}
    </>
  );
}
