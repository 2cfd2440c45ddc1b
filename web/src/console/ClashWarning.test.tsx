import { screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { appointment } from '../test/fixtures.ts';
import { fakeApi, on, renderApp } from '../test/render.tsx';
import { ClashWarning } from './ClashWarning.tsx';

afterEach(() => vi.unstubAllGlobals());

const firstVisit = {
  ...appointment,
  id: 'first-visit',
  start: '2026-12-15T09:00:00.000Z',
  end: '2026-12-15T09:30:00.000Z',
  service: { code: '89.7A.3', description: 'Prima visita cardiologica', branch: 'cardiologia' },
};
const services = {
  items: [
    {
      code: '89.01.3',
      description: 'Visita cardiologica di controllo',
      kind: 'visit',
      branch: 'cardiologia',
      tariffCents: 1290,
      slotMinutes: 20,
    },
  ],
};
const slot = {
  start: '2026-12-10T09:00:00.000Z',
  end: '2026-12-10T09:20:00.000Z',
  facility: { id: 'fac-2' },
};

describe('the clash warning for a follow-up (issue 14 §4)', () => {
  it('warns that the first visit it follows comes later, and says nothing for a first visit', async () => {
    fakeApi(
      on('GET', /\/appointments/, { body: { items: [firstVisit] } }),
      on('GET', /^\/api\/v1\/services/, { body: services }),
    );
    const { unmount } = renderApp(
      <ClashWarning fiscalCode="RSSMRA80A01G942K" slot={slot} followUpOf="89.01.3" />,
    );
    const warning = await screen.findByTestId('follow-up-before-first');
    expect(warning.textContent).toBe(
      'È un controllo, ma la prima visita che segue (Prima visita cardiologica) è dopo: mar 15/12/2026, 10:00. Prenota il controllo dopo la prima visita.',
    );
    unmount();
    renderApp(<ClashWarning fiscalCode="RSSMRA80A01G942K" slot={slot} />);
    await new Promise((r) => setTimeout(r, 50));
    expect(screen.queryByTestId('clash-warning')).toBeNull();
  });
});
