import { fireEvent, screen } from '@testing-library/react';
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
const DECLARED = {
  id: '33333333-3333-4333-8333-333333333333',
  validUntil: '2028-06-14',
  grantedAt: '2026-12-07T10:00:00.000Z',
  channel: 'web',
  declaredRole: 'guardian',
  ended: null,
};
const invalid = (field: string) => ({
  status: 422,
  body: { error: { code: 'INVALID_FIELD', message: 'no', field } },
});

describe("a parent's or guardian's declaration for a minor, in the personal area", () => {
  it('sends the role, the codes and the declaration; refusals in words next to their field', async () => {
    const answers = [
      invalid('declaration'),
      { status: 404, body: { error: { code: 'NOT_FOUND', message: 'nothing matches' } } },
      invalid('fiscalCode'),
      { status: 201, body: { ...DECLARED, delegateFiscalCode: 'BNCLCU80A01H501U', notice: null } },
    ];
    const { calls } = fakeApi(
      on('GET', '/api/v1/portal/me', { body: AREA }),
      on('GET', '/api/v1/portal/delegations', { body: { given: [], received: [] } }),
      on('POST', '/api/v1/portal/delegations/minor', () => answers.shift()!),
    );
    renderApp(<PersonalAreaPage />, { route: '/portale/area-personale' });
    expect(await screen.findByRole('heading', { name: 'Figli minori e persone sotto tutela' })).toBeTruthy();
    const submit = screen.getByRole('button', { name: 'Dichiara' });
    // Nothing to send without both codes.
    expect((submit as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(screen.getByLabelText('Codice fiscale del minore'), {
      target: { value: ' vrdgpp16h55f205x ' },
    });
    fireEvent.change(screen.getByLabelText('Numero di ricetta elettronica (NRE) del minore'), {
      target: { value: '1700A4000000001' },
    });
    fireEvent.click(screen.getByLabelText('Tutore'));
    const box = screen.getByRole('checkbox');
    // The declaration's words follow the role chosen.
    expect(box.closest('.form-check')?.textContent).toContain(
      "consapevole delle sanzioni penali previste dall'art. 76 per le dichiarazioni false, di essere il tutore del minore indicato.",
    );
    fireEvent.click(submit);
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Per continuare conferma la dichiarazione. (campo: dichiarazione)',
    );
    expect(box.getAttribute('aria-invalid')).toBe('true');

    fireEvent.click(box);
    fireEvent.click(submit);
    expect(
      await screen.findByText(
        'Il codice fiscale e il numero di ricetta non corrispondono: controlla entrambi.',
      ),
    ).toBeTruthy();
    fireEvent.click(submit);
    expect(
      await screen.findByText(
        'Serve il codice fiscale di una persona minorenne, diverso dal tuo. Una persona maggiorenne può delegarti da sé.',
      ),
    ).toBeTruthy();
    expect(screen.getByLabelText('Codice fiscale del minore').getAttribute('aria-invalid')).toBe('true');
    fireEvent.click(submit);
    expect(
      await screen.findByText(
        'Dichiarazione registrata: puoi operare per conto del minore fino al 14/06/2028 compreso.',
      ),
    ).toBeTruthy();
    const sent = calls.filter((c) => c.method === 'POST').map((c) => c.body);
    expect(sent[0]).toEqual({
      fiscalCode: 'vrdgpp16h55f205x',
      nre: '1700A4000000001',
      role: 'guardian',
      declaration: false,
    });
    expect(sent.slice(1)).toEqual([
      { ...(sent[0] as object), declaration: true },
      { ...(sent[0] as object), declaration: true },
      { ...(sent[0] as object), declaration: true },
    ]);
  });

  it('names the role beside the minor, keeps the minor from ending it, and says it while acting', async () => {
    let acting = false;
    fakeApi(
      on('GET', '/api/v1/portal/me', () => ({
        body: acting
          ? {
              ...AREA,
              person: { ...AREA.person, givenName: 'Giulia' },
              actingAs: {
                delegationId: DECLARED.id,
                givenName: 'Luca',
                familyName: 'Bianchi',
                validUntil: '2028-06-14',
                declaredRole: 'parent',
              },
            }
          : AREA,
      })),
      on('GET', '/api/v1/portal/delegations', {
        body: {
          // As the minor sees a parent's declaration, and as the parent sees the minor.
          given: [{ ...DECLARED, declaredRole: 'parent', delegateFiscalCode: 'BNCLCU80A01H501U' }],
          received: [
            {
              ...DECLARED,
              declaredRole: 'parent',
              delegator: { givenName: 'Giulia', familyName: 'Bianchi' },
            },
          ],
        },
      }),
      on('POST', '/api/v1/portal/acting-for', () => {
        acting = true;
        return { status: 204 };
      }),
    );
    renderApp(<PersonalAreaPage />, { route: '/portale/area-personale' });
    const given = (await screen.findByText('BNCLCU80A01H501U', { selector: '.font-monospace' })).closest(
      'li',
    )!;
    expect(given.textContent).toContain('dichiarazione di un genitore (si chiude allo sportello CUP)');
    expect(given.querySelector('button')).toBeNull();
    const giulia = screen.getByText('Giulia Bianchi', { selector: '.fw-semibold' }).closest('li')!;
    expect(giulia.textContent).toContain('valida fino al 14/06/2028 compreso · come genitore');
    fireEvent.click(screen.getByRole('button', { name: 'Opera per conto di Giulia Bianchi' }));
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Area personale di Giulia Bianchi' }),
    ).toBeTruthy();
    expect(screen.getByRole('status').textContent).toContain(
      'Luca Bianchi, stai operando per conto di Giulia Bianchi come genitore, con la tua dichiarazione valida fino al 14/06/2028 compreso',
    );
  });
});
