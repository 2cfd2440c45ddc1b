import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { createRef } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { appointment } from '../test/fixtures.ts';
import { fakeApi, on, renderApp } from '../test/render.tsx';
import { AppointmentsSection } from './AppointmentsSection.tsx';
import type { StaffNotice } from './PaymentCell.tsx';

afterEach(() => vi.unstubAllGlobals());

const CF = 'RSSMRA80A01H501U';
const unpaid = { ...appointment, id: '00000000-0000-4000-8000-0000000000a1', code: 'PRN-UNPA-ID01' };
const paid = {
  ...appointment,
  id: '00000000-0000-4000-8000-0000000000a2',
  code: 'PRN-PAID-0001',
  copayCents: 3615,
};
const exempt = {
  ...appointment,
  id: '00000000-0000-4000-8000-0000000000a3',
  code: 'PRN-EXEM-PT01',
  copayCents: 0,
};
const notice = (over: Partial<StaffNotice>): StaffNotice => ({
  appointmentId: paid.id,
  noticeNumber: '301000000000000144',
  groupedNumber: '3010 0000 0000 0001 44',
  creditorFiscalCode: '80002950766',
  creditorName: 'Regione',
  amountCents: 3615,
  status: 'paid',
  paidAt: '2026-11-23T09:30:00.000Z',
  qrString: 'PAGOPA|002|301000000000000144|80002950766|3615',
  simulated: true,
  ...over,
});

describe('payment state in the console (BK-8)', () => {
  it('shows paid, to pay and no ticket per appointment, and issues a notice with a PDF to print', async () => {
    let issued = false;
    const fresh = notice({
      appointmentId: unpaid.id,
      noticeNumber: '301000000000000241',
      groupedNumber: '3010 0000 0000 0002 41',
      amountCents: 2240,
      status: 'issued',
      paidAt: null,
    });
    const { calls } = fakeApi(
      on('GET', `/api/v1/patients/${CF}/appointments`, { body: { items: [unpaid, paid, exempt] } }),
      on('GET', `/api/v1/patients/${CF}/payment-notices`, () => ({
        body: { items: issued ? [fresh, notice({})] : [notice({})], enabled: true },
      })),
      on('POST', `/api/v1/appointments/${unpaid.id}/payment-notice`, () => {
        issued = true;
        return { status: 201, body: fresh };
      }),
    );
    renderApp(<AppointmentsSection fiscalCode={CF} headingRef={createRef()} onMove={vi.fn()} />);
    const row = async (code: string) => within(await screen.findByRole('row', { name: new RegExp(code) }));

    const paidRow = await row(paid.code);
    await waitFor(() => expect(paidRow.getByText('Pagato')).toBeInTheDocument());
    expect(paidRow.getByText(/36,15/)).toBeInTheDocument();
    expect(paidRow.getByText('simulazione')).toBeInTheDocument();
    expect((await row(exempt.code)).getByText('Nessun ticket')).toBeInTheDocument();

    const unpaidRow = await row(unpaid.code);
    expect(unpaidRow.getByText(/Da pagare 22,40/)).toBeInTheDocument();
    fireEvent.click(unpaidRow.getByRole('button', { name: `Emetti avviso pagoPA ${unpaid.code}` }));
    await waitFor(() => expect(unpaidRow.getByText('3010 0000 0000 0002 41')).toBeInTheDocument());
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ channel: 'phone' });
    expect(unpaidRow.getByRole('link', { name: `Avviso PDF ${unpaid.code}` })).toHaveAttribute(
      'href',
      `/api/v1/appointments/${unpaid.id}/payment-notice.pdf`,
    );
    expect(screen.getByTestId('announcer')).toHaveTextContent('Avviso pagoPA 3010 0000 0000 0002 41 emesso.');
  });

  it('offers no notice when payments are off, and names a refund due after a paid cancellation', async () => {
    const cancelled = { ...paid, status: 'cancelled' as const };
    fakeApi(
      on('GET', `/api/v1/patients/${CF}/appointments`, { body: { items: [unpaid, cancelled] } }),
      on('GET', `/api/v1/patients/${CF}/payment-notices`, {
        body: { items: [notice({ status: 'refund_due' })], enabled: false },
      }),
    );
    renderApp(<AppointmentsSection fiscalCode={CF} headingRef={createRef()} onMove={vi.fn()} />);
    const refund = within(await screen.findByRole('row', { name: new RegExp(paid.code) }));
    await waitFor(() => expect(refund.getByText('Rimborso in corso')).toBeInTheDocument());
    const open = within(screen.getByRole('row', { name: new RegExp(unpaid.code) }));
    expect(open.getByText(/Da pagare 22,40/)).toBeInTheDocument();
    expect(open.queryByRole('button', { name: /Emetti avviso/ })).toBeNull();
  });
});
