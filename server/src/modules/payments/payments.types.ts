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
