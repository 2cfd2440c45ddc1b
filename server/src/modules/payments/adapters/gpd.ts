import type { Debtor, PaymentNotice, PaymentPort, ReturnUrls } from '../port/payment-port.ts';
import { iuvOf } from '../rules/notice.ts';

// BK-8 live: pagoPA's debt-position service (GPD, "Gestione Posizioni Debitorie", OpenAPI
// pagopa/pagopa-api openapi/gpd.json) and pagoPA Checkout for the online payment (checkout.yaml,
// POST /ec/v1/carts). One debt position per notice, IUPD `<creditor fiscal code>-<notice id>`, one payment
// option (the notice's IUV, the amount, due by the appointment), one transfer to the creditor's IBAN with
// the ticket's taxonomy. Authenticated by the APIM subscription key.

export interface GpdSettings {
  /** e.g. https://api.platform.pagopa.it/gpd/debt-positions-service/v1 */
  baseUrl: string;
  /** e.g. https://api.platform.pagopa.it/checkout/ec/v1 */
  checkoutUrl: string;
  subscriptionKey: string;
  creditorFiscalCode: string;
  companyName: string;
  iban: string;
  /** The transfer's taxonomy code (the creditor's, for the healthcare ticket). */
  category: string;
  timeoutMs?: number;
}

export class GpdError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'GpdError';
  }
}

export class GpdPayments implements PaymentPort {
  readonly name = 'pagopa-gpd';
  readonly label = null;
  constructor(private readonly s: GpdSettings) {}

  private iupd(notice: PaymentNotice): string {
    return `${this.s.creditorFiscalCode}-${notice.id}`;
  }

  private async call(method: string, url: string, body?: unknown, redirect: 'follow' | 'manual' = 'follow') {
    const res = await fetch(url, {
      method,
      redirect,
      headers: {
        'Ocp-Apim-Subscription-Key': this.s.subscriptionKey,
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(this.s.timeoutMs ?? 10_000),
    });
    return res;
  }

  private async fail(res: Response, what: string): Promise<never> {
    let detail = '';
    try {
      const problem = (await res.json()) as { title?: string; detail?: string };
      detail = problem.detail ?? problem.title ?? '';
    } catch {
      // no ProblemJson body
    }
    throw new GpdError(res.status, `GPD ${what}: ${res.status}${detail ? ` ${detail}` : ''}`);
  }

  /** createPosition with toPublish=true: the position is VALID at once, payable at any PSP. */
  async publish(notice: PaymentNotice, debtor: Debtor): Promise<void> {
    const url = `${this.s.baseUrl}/organizations/${this.s.creditorFiscalCode}/debtpositions?toPublish=true`;
    // Payable until a year from now: the ticket may be paid after the appointment too.
    const due = new Date(notice.createdAt.getTime() + 365 * 86_400_000).toISOString();
    const res = await this.call('POST', url, {
      iupd: this.iupd(notice),
      type: 'F',
      fiscalCode: debtor.fiscalCode,
      fullName: debtor.fullName,
      companyName: this.s.companyName,
      switchToExpired: false,
      paymentOption: [
        {
          iuv: iuvOf(notice.noticeNumber),
          amount: notice.amountCents,
          description: notice.description.slice(0, 140),
          isPartialPayment: false,
          dueDate: due,
          transfer: [
            {
              idTransfer: '1',
              amount: notice.amountCents,
              remittanceInformation: notice.description.slice(0, 140),
              category: this.s.category,
              iban: this.s.iban,
            },
          ],
        },
      ],
    });
    // A replay after a lost answer finds the position already there: it is the same one.
    if (res.status === 201 || res.status === 409) return;
    await this.fail(res, 'createPosition');
  }

  /** Logical cancellation (only a PUBLISHED or VALID position; a paid one cannot be invalidated). */
  async invalidate(notice: PaymentNotice): Promise<void> {
    const url = `${this.s.baseUrl}/organizations/${this.s.creditorFiscalCode}/debtpositions/${encodeURIComponent(this.iupd(notice))}/invalidate`;
    const res = await this.call('POST', url);
    if (res.ok) return;
    await this.fail(res, 'invalidatePosition');
  }

  /** The position's state: PAID or REPORTED carries the receipt of its payment option. */
  async receipt(notice: PaymentNotice): Promise<{ receiptId: string; paidAt: Date } | null> {
    const url = `${this.s.baseUrl}/organizations/${this.s.creditorFiscalCode}/debtpositions/${encodeURIComponent(this.iupd(notice))}`;
    const res = await this.call('GET', url);
    if (!res.ok) await this.fail(res, 'getOrganizationDebtPositionByIUPD');
    const p = (await res.json()) as {
      status?: string;
      paymentOption?: { idReceipt?: string; paymentDate?: string; status?: string }[];
    };
    if (p.status !== 'PAID' && p.status !== 'REPORTED') return null;
    const option = p.paymentOption?.[0];
    return {
      receiptId: option?.idReceipt ?? this.iupd(notice),
      paidAt: new Date(option?.paymentDate ?? Date.now()),
    };
  }

  /** pagoPA Checkout: a cart of one notice; the answer is a 302 to the checkout page. */
  async checkout(notice: PaymentNotice, returnUrls: ReturnUrls): Promise<URL> {
    const res = await this.call(
      'POST',
      `${this.s.checkoutUrl}/carts`,
      {
        paymentNotices: [
          {
            noticeNumber: notice.noticeNumber,
            fiscalCode: notice.creditorFiscalCode,
            amount: notice.amountCents,
            companyName: this.s.companyName,
            description: notice.description.slice(0, 140),
          },
        ],
        returnUrls: {
          returnOkUrl: returnUrls.ok,
          returnCancelUrl: returnUrls.cancel,
          returnErrorUrl: returnUrls.error,
        },
        idCart: notice.id,
      },
      'manual',
    );
    const location = res.headers.get('location');
    if (res.status !== 302 || !location) await this.fail(res, 'carts');
    return new URL(location!);
  }
}
