// Public surface of the messaging module: the port outreach sends through, and the pure rules of SMS
// (size and encoding, delivery receipts, quiet hours, the booking as iCalendar), and the SMPP, SMTP and
// App IO adapters and the simulated gateway, picked by the configuration (createMessageGateways). Outreach
// (reminders) sends through them.

export { AppIoGateway, type AppIoSettings } from './adapters/app-io.ts';
export { PooledGateway } from './adapters/pooled.ts';
export { purgeSimulatedMessages } from './adapters/simulated.repository.ts';
export { onAppIo, SimulatedGateway } from './adapters/simulated.ts';
export { SmppGateway, type SmppSettings } from './adapters/smpp.ts';
export { SmtpGateway, type SmtpSettings } from './adapters/smtp.ts';
export { createMessageGateways, type MessageGateways } from './messaging.service.ts';
export type * from './port/messaging.types.ts';
export { GatewayError } from './port/messaging.types.ts';
export { type ParsedReceipt, parseDeliveryReceipt } from './rules/delivery-receipt.ts';
export { bookingIcs, type CalendarBooking } from './rules/icalendar.ts';
export { DEFAULT_WINDOW, nextSendingTime, parseWindow, type SendingWindow } from './rules/quiet-hours.ts';
export { type SmsEncoding, type SmsSize, smsParts, smsSize } from './rules/sms-encoding.ts';
