import type { PaymentNoticeStatus } from '../../platform/schema.ts';
import type { PaymentNotice, PaymentPort } from './port/payment-port.ts';

export type { PaymentNotice, PaymentNoticeStatus, PaymentPort };

export interface PaymentSettings {
  creditorFiscalCode: string;
  creditorName: string;
  segregationCode: string;
  /** Null: payments are off; no notice is issued. */
  port: PaymentPort | null;
  /** How long a simulated checkout page stays usable. */
  checkoutMinutes: number;
}

/** A notice as the citizen and the staff see it: its codes, its state, and whether it is simulated. */
export interface NoticeView {
  noticeNumber: string;
  groupedNumber: string;
  creditorFiscalCode: string;
  creditorName: string;
  amountCents: number;
  status: PaymentNoticeStatus;
  paidAt: Date | null;
  qrString: string;
  simulated: boolean;
}

export type PublicNotice = Omit<NoticeView, 'paidAt' | 'qrString'>;
