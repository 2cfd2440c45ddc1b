// Public surface of the messaging module: the port outreach sends through, and the pure rules of SMS
// (size and encoding, delivery receipts, quiet hours, the booking as iCalendar), and the SMPP and SMTP
// adapters. The simulated gateway and the configuration that picks one are planned with issue 11 §1.

export { SmppGateway, type SmppSettings } from './adapters/smpp.ts';
export { SmtpGateway, type SmtpSettings } from './adapters/smtp.ts';
export type * from './port/messaging.types.ts';
export { type ParsedReceipt, parseDeliveryReceipt } from './rules/delivery-receipt.ts';
export { bookingIcs, type CalendarBooking } from './rules/icalendar.ts';
export { DEFAULT_WINDOW, nextSendingTime, parseWindow, type SendingWindow } from './rules/quiet-hours.ts';
export { type SmsEncoding, type SmsSize, smsParts, smsSize } from './rules/sms-encoding.ts';
