import type { Debtor, PaymentNotice, PaymentPort } from '../port/payment-port.ts';

/**
 * The embedded PSP (labelled simulazione): nothing leaves this machine. A notice is "published" by being
 * stored, and the citizen pays on the simulated checkout page, which records the receipt itself. What it
 * saw is kept so that training and tests can ask.
 */
export class SimulatedPayments implements PaymentPort {
  readonly name = 'simulated';
  readonly label = 'simulazione' as const;
  readonly published: string[] = [];
  readonly invalidated: string[] = [];

  async publish(notice: PaymentNotice, _debtor: Debtor): Promise<void> {
    this.published.push(notice.noticeNumber);
  }

  async invalidate(notice: PaymentNotice): Promise<void> {
    this.invalidated.push(notice.noticeNumber);
  }
}
