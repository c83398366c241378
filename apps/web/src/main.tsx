import '@mantine/core/styles.css';
import { MantineProvider, createTheme, type CSSVariablesResolver } from '@mantine/core';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { SessionProvider } from './session';

// The system font stack: nothing is fetched from outside (the UI works offline).
// Shade 7 keeps white button text above the WCAG AA contrast ratio (axe checks it in the browser tests).
const theme = createTheme({ primaryColor: 'indigo', primaryShade: { light: 7, dark: 8 }, defaultRadius: 'sm' });

// Mantine's dimmed text (gray 6) and light-variant text (shade 6) fall short of 4.5:1 on white: darker shades.
const contrast: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    ...Object.fromEntries(
      ['red', 'gray', 'indigo'].map((c) => [`--mantine-color-${c}-light-color`, `var(--mantine-color-${c}-9)`]),
    ),
    '--mantine-primary-color-light-color': 'var(--mantine-color-indigo-9)',
    '--mantine-primary-color-light-hover': 'var(--mantine-color-indigo-1)',
    // Even green 9 is too light on its own tint.
    '--mantine-color-green-light-color': '#1f6b31',
  },
  dark: {},
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <MantineProvider theme={theme} defaultColorScheme="light" cssVariablesResolver={contrast}>
      <SessionProvider>
        <App />
      </SessionProvider>
    </MantineProvider>
  </StrictMode>,
);
