// Public surface of the payments module (issue 13 §2, BK-8): the pagoPA notice of an appointment's
// co-payment (its codes, its PDF), the payment port with the simulated PSP (the embedded default,
// labelled simulazione) and the pagoPA debt-position adapter (GPD + Checkout), the settling of notices
// whose appointment was cancelled, and the staff's routes (the console's payment state, notices to print).
export { GpdPayments, type GpdSettings } from './adapters/gpd.ts';
export { SimulatedPayments } from './adapters/simulated.ts';
export { settleCancelledJob } from './payments.jobs.ts';
export { paymentsRoutes } from './payments.routes.ts';
export { NoticeNumberParams, NoticeSchema, PublicNoticeSchema } from './payments.schemas.ts';
export {
  type CheckoutView,
  completeCheckout,
  getCheckout,
  issueNotice,
  noticeByTypedNumber,
  noticeFile,
  noticesOf,
  noticeView,
  paymentSettings,
  publicNotice,
  settleCancelled,
  startCheckout,
  syncWithPort,
} from './payments.service.ts';
export type * from './payments.types.ts';
export {
  checkNoticeNumber,
  groupedNotice,
  isOrganisationFiscalCode,
  iuvOf,
  type NoticeCheck,
  type NoticeNumber,
  noticeNumber,
  noticeQrString,
} from './rules/notice.ts';
