// A search box whose value the list follows once typing pauses (each keystroke would be a request otherwise).
import { TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';

export function useSearch(label: string): { input: React.ReactNode; value: string } {
  const [typed, setTyped] = useState('');
  const [value] = useDebouncedValue(typed.trim(), 300);
  const input = (
    <TextInput
      label={label}
      type="search"
      maw={320}
      my="md"
      value={typed}
      onChange={(e) => setTyped(e.currentTarget.value)}
    />
  );
  return { input, value };
}
