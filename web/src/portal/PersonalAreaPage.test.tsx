import { screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeApi, renderApp } from '../test/render.tsx';
import { PersonalAreaPage } from './PersonalAreaPage.tsx';

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('the personal area after a login that did not end in a session', () => {
  it.each([
    [
      'servizio-non-disponibile',
      'Il servizio di accesso con SPID o CIE non è raggiungibile in questo momento',
    ],
    ['accesso-non-riuscito', "L'accesso con SPID o CIE non è riuscito"],
    ['non-configurato', "L'accesso con SPID o CIE non è attivo su questo portale."],
  ])(
    'says why for esito=%s, offers the no-login paths and asks nothing of the server',
    async (esito, words) => {
      const api = fakeApi();
      renderApp(<PersonalAreaPage />, { route: `/portale/area-personale?esito=${esito}` });
      const alert = await screen.findByRole('alert');
      expect(alert.textContent).toContain(words);
      expect(screen.getByRole('link', { name: 'Prenota o gestisci senza credenziali' })).toBeTruthy();
      expect(api.calls).toEqual([]);
    },
  );
});
