import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeApi, on, renderApp } from '../test/render.tsx';
import { AgendaEditor } from './AgendaEditor.tsx';

afterEach(() => vi.unstubAllGlobals());

const services = {
  items: [
    {
      code: '89.7A.3',
      description: 'Visita cardiologica',
      kind: 'visit',
      branch: 'cardiologia',
      tariffCents: 2065,
      slotMinutes: 20,
    },
    {
      code: '89.52',
      description: 'Elettrocardiogramma',
      kind: 'instrumental',
      branch: 'cardiologia',
      tariffCents: 1162,
      slotMinutes: 15,
    },
  ],
};
const detail = {
  id: 'card-sc',
  unitId: 'u1',
  unitName: 'Ambulatorio di cardiologia',
  facilityId: 'f1',
  facilityName: 'Ospedale San Carlo',
  name: 'Cardiologia',
  serviceCodes: ['89.7A.3'],
  channels: ['phone', 'desk'],
  validFrom: '2026-01-01',
  validTo: null,
  overbookingPerSlot: 0,
  active: true,
  rules: [
    {
      weekday: 1,
      startTime: '08:00',
      endTime: '10:00',
      slotMinutes: 30,
      capacity: 1,
      reservedPriority: null,
    },
  ],
  closures: [{ fromDate: '2026-12-24', toDate: '2026-12-24', reason: 'Vigilia' }],
};

function renderEditor(route: string) {
  return renderApp(
    <Routes>
      <Route path="/agendas/new" element={<AgendaEditor />} />
      <Route path="/agendas/:agendaId" element={<AgendaEditor />} />
    </Routes>,
    { route },
  );
}

describe('the agenda editor (issue 14 §14)', () => {
  it('changes the rules, the quota and the services, shows places a week, and names a bad rule on its field', async () => {
    let attempts = 0;
    const { calls } = fakeApi(
      on('GET', '/api/v1/agendas/card-sc', { body: detail }),
      on('GET', /^\/api\/v1\/services/, { body: services }),
      on('PUT', '/api/v1/agendas/card-sc', () =>
        ++attempts === 1
          ? {
              status: 422,
              body: { error: { code: 'INVALID_FIELD', message: 'x', field: 'rules.1.endTime' } },
            }
          : {
              body: {
                agendaId: 'card-sc',
                applyFrom: '2026-12-07',
                openedSlots: 40,
                closedSlots: 12,
                appointmentIds: ['a1', 'a2'],
              },
            },
      ),
    );
    const u = userEvent.setup();
    renderEditor('/agendas/card-sc');
    await screen.findByRole('heading', { name: 'Modifica agenda: Cardiologia' });
    expect(
      screen.getByText(/card-sc · Ospedale San Carlo, Ambulatorio di cardiologia · valida dal 01\/01\/2026/),
    ).toBeTruthy();
    // Monday 08:00–10:00 in 30-minute places of one patient: 4 places a week.
    expect(screen.getByTestId('places-per-week').textContent).toBe('4 posti a settimana');

    await u.click(screen.getByRole('button', { name: 'Aggiungi una fascia' }));
    const day2 = screen.getByLabelText('Giorno, fascia 2') as HTMLSelectElement;
    expect(day2.value).toBe('2');
    await u.clear(screen.getByLabelText('Pazienti per posto, fascia 2'));
    await u.type(screen.getByLabelText('Pazienti per posto, fascia 2'), '2');
    // Monday 4 + Tuesday 4 places × 2 patients.
    expect(screen.getByTestId('places-per-week').textContent).toBe('12 posti a settimana');
    await u.selectOptions(screen.getByLabelText('Riservata alla classe, fascia 2'), 'B');
    await u.clear(screen.getByLabelText('Overbooking per posto'));
    await u.type(screen.getByLabelText('Overbooking per posto'), '2');
    await u.selectOptions(screen.getByLabelText('Aggiungi una prestazione'), '89.52');
    expect(within(screen.getByTestId('agenda-services')).getByText(/Elettrocardiogramma/)).toBeTruthy();
    await u.click(screen.getByLabelText('Portale del cittadino'));
    const applyFrom = screen.getByLabelText('Le modifiche valgono dal');
    await u.clear(applyFrom);
    await u.type(applyFrom, '2026-12-07');

    await u.click(screen.getByRole('button', { name: 'Salva le modifiche' }));
    const end2 = screen.getByLabelText('Alle, fascia 2');
    await waitFor(() => expect(end2.getAttribute('aria-invalid')).toBe('true'));
    expect(document.getElementById(end2.getAttribute('aria-describedby')!)?.textContent).toBe(
      'Valore non valido. (campo: fascia 2: Alle)',
    );
    expect(screen.queryByTestId('agenda-saved')).toBeNull();

    await u.click(screen.getByRole('button', { name: 'Salva le modifiche' }));
    const saved = await screen.findByTestId('agenda-saved');
    expect(saved.textContent).toBe(
      'Modifiche salvate dal 07/12/2026: 40 posti aperti, 12 posti chiusi, 2 prenotazioni da ricontattare.',
    );
    expect(document.activeElement).toBe(saved);
    const put = calls.filter((c) => c.method === 'PUT').at(-1)!;
    expect(put.body).toEqual({
      name: 'Cardiologia',
      serviceCodes: ['89.7A.3', '89.52'],
      channels: ['phone', 'desk', 'web'],
      validTo: null,
      overbookingPerSlot: 2,
      applyFrom: '2026-12-07',
      rules: [
        detail.rules[0],
        {
          weekday: 2,
          startTime: '08:00',
          endTime: '10:00',
          slotMinutes: 30,
          capacity: 2,
          reservedPriority: 'B',
        },
      ],
    });
    // The agenda's closures, and its own closure form with the agenda chosen.
    expect(screen.getByText('dal 24/12/2026 al 24/12/2026: Vigilia')).toBeTruthy();
    expect((screen.getByLabelText('Agenda') as HTMLSelectElement).value).toBe('card-sc');
  });

  it('creates an agenda at a facility and unit chosen from the lists, then opens it', async () => {
    const { calls } = fakeApi(
      on('GET', /^\/api\/v1\/services/, { body: services }),
      on('GET', '/api/v1/facilities', {
        body: {
          items: [
            {
              id: 'f1',
              name: 'Ospedale San Carlo',
              municipality: 'Potenza',
              district: 'Distretto Potenza',
              organisationId: 'o1',
              organisationName: 'AOR San Carlo',
              units: [
                { id: 'u1', name: 'Cardiologia', branch: 'cardiologia' },
                { id: 'u2', name: 'Radiologia', branch: 'radiologia' },
              ],
            },
          ],
        },
      }),
      on('POST', '/api/v1/agendas', { status: 201, body: { id: 'eco-sc', slots: 520 } }),
      on('GET', '/api/v1/agendas/eco-sc', { body: { ...detail, id: 'eco-sc', name: 'Ecografie' } }),
    );
    const u = userEvent.setup();
    renderEditor('/agendas/new');
    await screen.findByRole('heading', { name: 'Nuova agenda' });
    await u.type(screen.getByLabelText('Codice'), 'eco-sc');
    await waitFor(() =>
      expect(screen.getAllByRole('option', { name: /Ospedale San Carlo · Potenza/ })).toHaveLength(1),
    );
    await u.selectOptions(screen.getByLabelText('Struttura'), 'f1');
    await u.selectOptions(screen.getByLabelText('Unità erogatrice'), 'u2');
    await u.type(screen.getByLabelText('Nome'), 'Ecografie');
    await u.selectOptions(screen.getByLabelText('Aggiungi una prestazione'), '89.52');
    await u.click(screen.getByRole('button', { name: "Crea l'agenda" }));
    await screen.findByRole('heading', { name: 'Modifica agenda: Ecografie' });
    expect(screen.getByRole('status').textContent).toBe(
      "Agenda creata: 520 posti generati nell'orizzonte di prenotazione.",
    );
    const post = calls.find((c) => c.method === 'POST')!;
    expect(post.body).toMatchObject({
      id: 'eco-sc',
      facilityId: 'f1',
      unitId: 'u2',
      name: 'Ecografie',
      serviceCodes: ['89.52'],
      channels: ['phone', 'desk', 'web'],
      overbookingPerSlot: 0,
      validTo: null,
      rules: [
        {
          weekday: 1,
          startTime: '08:00',
          endTime: '12:00',
          slotMinutes: 20,
          capacity: 1,
          reservedPriority: null,
        },
      ],
    });
  });
});
