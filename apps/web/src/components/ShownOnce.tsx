// A secret the server gives out once (a one-time password, a connector's access key): shown with a copy button and
// a reminder that it cannot be shown again.
import { Alert, Button, Code, CopyButton, Group, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';

interface ShownOnceProps {
  title: string;
  secret: string;
  testId: string;
  /** What the secret is for. */
  children?: ReactNode;
}

export function ShownOnce({ title, secret, testId, children }: ShownOnceProps) {
  return (
    <Alert color="green" my="sm" title={title} role="status">
      <Stack gap="xs">
        {children}
        <Group gap="xs" wrap="nowrap" align="start">
          <Code block data-testid={testId} style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all', flex: 1 }}>
            {secret}
          </Code>
          <CopyButton value={secret}>
            {({ copied, copy }) => (
              <Button size="compact-xs" variant="default" onClick={copy}>
                {copied ? 'Copied' : 'Copy'}
              </Button>
            )}
          </CopyButton>
        </Group>
        <Text size="xs">Shown only now: it cannot be shown again.</Text>
      </Stack>
    </Alert>
  );
}
