import type { PaymentNoticeStatus } from '../../../platform/schema.ts';

/** A pagoPA notice for an appointment's co-payment (BK-8), as the citizen and the staff see it. */
export interface PaymentNotice {
  id: string;
  /** 18 digits, aux digit 3. */
  noticeNumber: string;
  /** As printed: groups of four digits. */
  groupedNumber: string;
  appointmentId: string;
  patientId: string;
  creditorFiscalCode: string;
  amountCents: number;
  description: string;
  status: PaymentNoticeStatus;
  createdAt: Date;
  paidAt: Date | null;
  receiptId: string | null;
  /** `PAGOPA|002|…`: what the notice's QR code encodes. */
  qrString: string;
  /** The adapter that published it; `simulated` notices are labelled simulazione everywhere. */
  adapter: string;
}

/**
 * The payment port (issue 13 §2): publishes a notice so that any PSP can collect it, withdraws it when
 * the appointment is cancelled, and starts a checkout for the citizen. Receipts come back through the
 * adapter (the simulated checkout records them itself).
 */
export interface PaymentPort {
  readonly name: string;
  readonly label: 'simulazione' | null;
  /** Makes the notice payable at any PSP (the debtor is named on the debt position). */
  publish(notice: PaymentNotice, debtor: Debtor): Promise<void>;
  invalidate(notice: PaymentNotice): Promise<void>;
  /** Where the citizen pays online now, or null when this port has no checkout of its own. */
  checkout?(notice: PaymentNotice, returnUrls: ReturnUrls): Promise<URL>;
  /** The receipt, once paid (polled by a job); null while unpaid. */
  receipt?(notice: PaymentNotice): Promise<{ receiptId: string; paidAt: Date } | null>;
}

export interface Debtor {
  fiscalCode: string;
  fullName: string;
}

export interface ReturnUrls {
  ok: string;
  cancel: string;
  error: string;
}
