// Public surface of the booking module: agendas, slots, availability, holds, appointments.
export {
  agendaFill,
  countFutureSlots,
  createAgenda,
  generateSlots,
  horizon,
  insertAgendas,
  validateAgenda,
} from './agenda.service.ts';
export { findAvailability } from './availability.service.ts';
export { generateSlotsJob, releaseExpiredHoldsJob } from './booking.jobs.ts';
export { bookingRoutes } from './booking.routes.ts';
export {
  bookAppointment,
  cancelAppointment,
  changeAppointmentStatus,
  getAppointment,
  listPatientAppointments,
  moveAppointment,
} from './booking.service.ts';
export type * from './booking.types.ts';
export { BOOKING_CODE_PATTERN, newBookingCode } from './booking-code.ts';
export { DEFAULT_GUARANTEE_RULES, type GuaranteeRule, guaranteeDeadline } from './guarantee.ts';
export { placeHold, releaseExpiredHolds, releaseHold } from './hold.service.ts';
export { italianHolidays } from './holidays.ts';
export { protectionRoutes } from './protection.routes.ts';
export {
  listProtectionCases,
  openProtectionCase,
  resolveProtectionCase,
  takeProtectionCase,
} from './protection.service.ts';
