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
  publish(notice: PaymentNotice): Promise<void>;
  invalidate(notice: PaymentNotice): Promise<void>;
}
