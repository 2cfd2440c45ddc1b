import { fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeApi, on, renderApp } from '../test/render.tsx';
import { PersonalAreaPage } from './PersonalAreaPage.tsx';

afterEach(() => {
  vi.unstubAllGlobals();
});

const AREA = {
  person: { givenName: 'Luca', familyName: 'Bianchi', level: 'https://www.spid.gov.it/SpidL2' },
  bookings: [],
  prescriptions: [],
  payments: [],
  actingAs: null,
};
const GIVEN = {
  id: '11111111-1111-4111-8111-111111111111',
  delegateFiscalCode: 'RSSMRA85T10A562S',
  validUntil: '2027-01-31',
  grantedAt: '2026-12-01T10:00:00.000Z',
  channel: 'web',
  ended: null,
};
const RECEIVED = {
  id: '22222222-2222-4222-8222-222222222222',
  delegator: { givenName: 'Anna', familyName: 'Bianchi' },
  validUntil: null,
  grantedAt: '2026-11-20T09:00:00.000Z',
  channel: 'desk',
  ended: null,
};

describe('delegations in the personal area', () => {
  it('lists who may act for me and for whom I may act, in words, and acts for a delegator', async () => {
    let acting = false;
    const { calls } = fakeApi(
      on('GET', '/api/v1/portal/me', () => ({
        body: acting
          ? {
              ...AREA,
              person: { ...AREA.person, givenName: 'Anna' },
              actingAs: {
                delegationId: RECEIVED.id,
                givenName: 'Luca',
                familyName: 'Bianchi',
                validUntil: null,
              },
            }
          : AREA,
      })),
      on('GET', '/api/v1/portal/delegations', { body: { given: [GIVEN], received: [RECEIVED] } }),
      on('POST', '/api/v1/portal/acting-for', (call) => {
        acting = (call.body as { delegationId: string | null }).delegationId !== null;
        return { status: 204 };
      }),
    );
    renderApp(<PersonalAreaPage />, { route: '/portale/area-personale' });
    const given = await screen.findByText('RSSMRA85T10A562S', { selector: '.font-monospace' });
    expect(given.closest('li')?.textContent).toContain('valida fino al 31/01/2027 compreso · data online');
    const anna = screen.getByText('Anna Bianchi', { selector: '.fw-semibold' }).closest('li')!;
    expect(anna.textContent).toContain('valida fino a revoca');
    fireEvent.click(within(anna).getByRole('button', { name: 'Opera per conto di Anna Bianchi' }));
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Area personale di Anna Bianchi' }),
    ).toBeTruthy();
    expect(screen.getByRole('status').textContent).toContain(
      'Luca Bianchi, stai operando per conto di Anna Bianchi, con la sua delega valida fino a revoca',
    );
    expect(screen.getByRole('heading', { name: 'Prenotazioni di Anna Bianchi' })).toBeTruthy();
    // One's own delegations are not shown while acting for someone else.
    expect(screen.queryByRole('heading', { name: 'Deleghe' })).toBeNull();
    expect(calls.find((c) => c.path === '/api/v1/portal/acting-for')?.body).toEqual({
      delegationId: RECEIVED.id,
    });
    fireEvent.click(screen.getByRole('button', { name: 'Torna alla tua area personale' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'La tua area personale' })).toBeTruthy();
    expect(calls.filter((c) => c.path === '/api/v1/portal/acting-for').at(-1)?.body).toEqual({
      delegationId: null,
    });
  });

  it('sends a new delegation with its last day and shows a refusal next to its field', async () => {
    const { calls } = fakeApi(
      on('GET', '/api/v1/portal/me', { body: AREA }),
      on('GET', '/api/v1/portal/delegations', { body: { given: [], received: [] } }),
      on('POST', '/api/v1/portal/delegations', (call) =>
        (call.body as { validUntil: string | null }).validUntil === '2020-01-01'
          ? {
              status: 422,
              body: { error: { code: 'INVALID_FIELD', message: 'past', field: 'validUntil' } },
            }
          : { status: 201, body: GIVEN },
      ),
    );
    renderApp(<PersonalAreaPage />, { route: '/portale/area-personale' });
    expect(await screen.findByText('Nessuna delega data.')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Codice fiscale della persona delegata'), {
      target: { value: ' rssmra85t10a562s ' },
    });
    const until = screen.getByLabelText('Valida fino al (facoltativo)');
    fireEvent.change(until, { target: { value: '2020-01-01' } });
    fireEvent.click(screen.getByRole('button', { name: 'Delega' }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Valore non valido. (campo: data di fine della delega)',
    );
    expect(until.getAttribute('aria-invalid')).toBe('true');
    fireEvent.change(until, { target: { value: '' } });
    fireEvent.click(screen.getByRole('button', { name: 'Delega' }));
    expect(await screen.findByText('Delega data a RSSMRA85T10A562S.')).toBeTruthy();
    expect(calls.filter((c) => c.method === 'POST').map((c) => c.body)).toEqual([
      { fiscalCode: 'rssmra85t10a562s', validUntil: '2020-01-01' },
      { fiscalCode: 'rssmra85t10a562s', validUntil: null },
    ]);
  });

  it('tells a person under 18 that a parent or guardian declares for them', async () => {
    fakeApi(
      on('GET', '/api/v1/portal/me', { body: AREA }),
      on('GET', '/api/v1/portal/delegations', { body: { given: [], received: [] } }),
      on('POST', '/api/v1/portal/delegations', {
        status: 403,
        body: { error: { code: 'FORBIDDEN', message: 'under 18', field: 'minor' } },
      }),
    );
    renderApp(<PersonalAreaPage />, { route: '/portale/area-personale' });
    fireEvent.change(await screen.findByLabelText('Codice fiscale della persona delegata'), {
      target: { value: 'RSSMRA85T10A562S' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Delega' }));
    expect((await screen.findByRole('alert')).textContent).toContain(
      'Chi ha meno di 18 anni non può delegare: un genitore o un tutore può dichiarare per te.',
    );
  });

  it('says when the delegation acted through has ended, and leads back to one’s own area', async () => {
    let ended = true;
    fakeApi(
      on('GET', '/api/v1/portal/me', () =>
        ended
          ? { status: 403, body: { error: { code: 'FORBIDDEN', message: 'ended', field: 'delegation' } } }
          : { body: AREA },
      ),
      on('GET', '/api/v1/portal/delegations', { body: { given: [], received: [] } }),
      on('POST', '/api/v1/portal/acting-for', () => {
        ended = false;
        return { status: 204 };
      }),
    );
    renderApp(<PersonalAreaPage />, { route: '/portale/area-personale' });
    expect((await screen.findByRole('alert')).textContent).toContain(
      'La delega non è più valida: è stata revocata o è scaduta.',
    );
    fireEvent.click(screen.getByRole('button', { name: 'Torna alla tua area personale' }));
    expect(await screen.findByText('Buongiorno Luca Bianchi.')).toBeTruthy();
  });
});
