import { fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeApi, on, renderApp } from '../test/render.tsx';
import { PatientDelegations } from './PatientDelegations.tsx';

afterEach(() => {
  vi.unstubAllGlobals();
});

const CF = 'BNCNNA40A41H501X';
const URL = `/api/v1/patients/${CF}/delegations`;
const GIVEN = {
  id: '11111111-1111-4111-8111-111111111111',
  delegateFiscalCode: 'RSSMRA85T10A562S',
  validUntil: '2027-06-30',
  grantedAt: '2026-12-01T10:00:00.000Z',
  channel: 'desk',
  ended: null,
};

describe("the patient's portal delegations at the desk", () => {
  it('reads nothing until opened, then lists them and revokes one', async () => {
    let given = [GIVEN];
    const { calls } = fakeApi(
      on('GET', URL, () => ({ body: { given, received: [] } })),
      on('POST', `${URL}/${GIVEN.id}/revoke`, () => {
        given = [];
        return { body: { ...GIVEN, ended: { at: '2026-12-06T10:00:00.000Z', by: 'staff' } } };
      }),
    );
    renderApp(<PatientDelegations fiscalCode={CF} />);
    expect(calls).toEqual([]);
    const summary = screen.getByText('Deleghe per il portale');
    (summary.parentElement as HTMLDetailsElement).open = true;
    fireEvent(summary.parentElement!, new Event('toggle'));
    const item = (await screen.findByText(/RSSMRA85T10A562S ·/)).closest('li')!;
    expect(item.textContent).toContain('valida fino al 30/06/2027 compreso');
    fireEvent.click(within(item).getByRole('button', { name: 'Revoca RSSMRA85T10A562S' }));
    expect(await screen.findByText('Nessuna delega data.')).toBeTruthy();
    expect(calls.filter((c) => c.method === 'POST').map((c) => c.path)).toEqual([
      `${URL}/${GIVEN.id}/revoke`,
    ]);
  });

  it("names a parent's declaration for the minor, so the desk can end a false one", async () => {
    fakeApi(
      on('GET', URL, {
        body: { given: [{ ...GIVEN, channel: 'web', declaredRole: 'parent' }], received: [] },
      }),
    );
    renderApp(<PatientDelegations fiscalCode={CF} />);
    const summary = screen.getByText('Deleghe per il portale');
    (summary.parentElement as HTMLDetailsElement).open = true;
    fireEvent(summary.parentElement!, new Event('toggle'));
    const item = (await screen.findByText(/RSSMRA85T10A562S ·/)).closest('li')!;
    expect(item.textContent).toContain(
      'valida fino al 30/06/2027 compreso · dichiarazione di genitore sul portale (DPR 445/2000)',
    );
    expect(within(item).getByRole('button', { name: 'Revoca RSSMRA85T10A562S' })).toBeTruthy();
  });

  it("records a minor's delegation as the parent's declaration, the role's refusal in words", async () => {
    const { calls } = fakeApi(
      on('GET', URL, { body: { given: [], received: [] } }),
      on('POST', URL, (call) =>
        (call.body as { declaredRole: string | null }).declaredRole
          ? {
              status: 201,
              body: { ...GIVEN, declaredRole: 'parent', validUntil: '2034-03-14', notice: null },
            }
          : {
              status: 422,
              body: { error: { code: 'INVALID_FIELD', message: 'minor', field: 'declaredRole' } },
            },
      ),
    );
    renderApp(<PatientDelegations fiscalCode={CF} />);
    const summary = screen.getByText('Deleghe per il portale');
    (summary.parentElement as HTMLDetailsElement).open = true;
    fireEvent(summary.parentElement!, new Event('toggle'));
    fireEvent.change(await screen.findByLabelText('Codice fiscale della persona delegata'), {
      target: { value: 'RSSMRA85T10A562S' },
    });
    fireEvent.click(
      screen.getByLabelText(
        "Ho ricevuto il modulo di delega firmato e ho visto il documento d'identità di chi delega",
      ),
    );
    const record = screen.getByRole('button', { name: 'Registra la delega' });
    fireEvent.click(record);
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Per un minore scegli genitore o tutore; per un maggiorenne lascia vuoto. (campo: ruolo di chi dichiara)',
    );
    const role = screen.getByLabelText('Per un minore: chi dichiara');
    expect(role.getAttribute('aria-invalid')).toBe('true');
    fireEvent.change(role, { target: { value: 'parent' } });
    fireEvent.click(record);
    expect(await screen.findByText(/Delega data a RSSMRA85T10A562S\./)).toBeTruthy();
    expect(calls.filter((c) => c.method === 'POST').map((c) => c.body)).toEqual([
      { fiscalCode: 'RSSMRA85T10A562S', validUntil: null, declaredRole: null },
      { fiscalCode: 'RSSMRA85T10A562S', validUntil: null, declaredRole: 'parent' },
    ]);
  });

  it('records a delegation only once the form and the document are confirmed seen', async () => {
    const { calls } = fakeApi(
      on('GET', URL, { body: { given: [], received: [] } }),
      on('POST', URL, (call) =>
        (call.body as { fiscalCode: string }).fiscalCode === CF
          ? {
              status: 422,
              body: { error: { code: 'INVALID_FIELD', message: 'own', field: 'fiscalCode' } },
            }
          : {
              status: 201,
              body: {
                ...GIVEN,
                notice: { channel: 'sms', recipient: '•••0101', sendAfter: '2026-12-07T08:00:00.000Z' },
              },
            },
      ),
    );
    renderApp(<PatientDelegations fiscalCode={CF} />);
    const summary = screen.getByText('Deleghe per il portale');
    (summary.parentElement as HTMLDetailsElement).open = true;
    fireEvent(summary.parentElement!, new Event('toggle'));
    const cf = await screen.findByLabelText('Codice fiscale della persona delegata');
    const record = screen.getByRole('button', { name: 'Registra la delega' });
    fireEvent.change(cf, { target: { value: CF } });
    expect(record.hasAttribute('disabled')).toBe(true);
    fireEvent.click(
      screen.getByLabelText(
        "Ho ricevuto il modulo di delega firmato e ho visto il documento d'identità di chi delega",
      ),
    );
    fireEvent.click(record);
    expect((await screen.findByRole('alert')).textContent).toBe('Valore non valido. (campo: codice fiscale)');
    fireEvent.change(cf, { target: { value: ' rssmra85t10a562s ' } });
    fireEvent.change(screen.getByLabelText('Valida fino al (facoltativo)'), {
      target: { value: '2027-06-30' },
    });
    fireEvent.click(record);
    expect(
      await screen.findByText(
        'Delega data a RSSMRA85T10A562S. Chi delega ne riceverà avviso per SMS a •••0101.',
      ),
    ).toBeTruthy();
    expect(calls.filter((c) => c.method === 'POST').map((c) => c.body)).toEqual([
      { fiscalCode: CF, validUntil: null, declaredRole: null },
      { fiscalCode: 'rssmra85t10a562s', validUntil: '2027-06-30', declaredRole: null },
    ]);
  });
});
