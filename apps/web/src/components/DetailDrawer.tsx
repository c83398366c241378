// The panel that shows one item (a group, a user, a destination) beside its list.
import { Drawer, Stack } from '@mantine/core';
import type { ReactNode } from 'react';

export function DetailDrawer({ title, onClose, children }: { title: string; onClose(): void; children: ReactNode }) {
  return (
    <Drawer
      opened
      onClose={onClose}
      position="right"
      size="lg"
      title={title}
      closeButtonProps={{ 'aria-label': 'Close' }}
    >
      <Stack>{children}</Stack>
    </Drawer>
  );
}
