// Public surface of the payments module (issue 13 §2, BK-8): so far the pagoPA notice's codes — the
// notice number and its check digits, the QR string, the creditor's fiscal code. The payment port (the
// pagoPA debt-position service and a simulated PSP) and the notice PDF are planned.
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
