// A page that is one card in the middle of the screen (sign-in, password change, device approval): full width on a
// phone, a narrow column elsewhere.
import { Center, Paper, Stack, Title } from '@mantine/core';
import type { ReactNode } from 'react';

export function CardPage({ title, width = 400, children }: { title: string; width?: number; children: ReactNode }) {
  return (
    <Center mih="100vh" p="md">
      <Paper component="main" withBorder shadow="sm" p="xl" w="100%" maw={width}>
        <Stack>
          <Title order={1} size="h2">
            {title}
          </Title>
          {children}
        </Stack>
      </Paper>
    </Center>
  );
}
