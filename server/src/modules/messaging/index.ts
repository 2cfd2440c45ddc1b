// Public surface of the messaging module: the port outreach sends through, and the pure rules of SMS
// (size and encoding, delivery receipts, quiet hours). The adapters (SMPP, SMTP, the simulated gateway)
// are planned with issue 11 §1.
export type * from './messaging.types.ts';
export { type ParsedReceipt, parseDeliveryReceipt } from './rules/delivery-receipt.ts';
export { DEFAULT_WINDOW, nextSendingTime, parseWindow, type SendingWindow } from './rules/quiet-hours.ts';
export { type SmsEncoding, type SmsSize, smsSize } from './rules/sms-encoding.ts';
