// Public surface of the booking module: agendas, slots, availability, holds, appointments.

export { agendaRoutes } from './agenda.routes.ts';
export {
  agendaFill,
  countFutureSlots,
  createAgenda,
  generateSlots,
  horizon,
  insertAgendas,
  validateAgenda,
} from './agendas/agenda.service.ts';
export {
  type AgendaClosure,
  bookedOnClosedPlaces,
  closeAgendaDays,
  findBookedAppointments,
  onClosedPlace,
} from './agendas/closure.service.ts';
export {
  attendanceSummary,
  type CancelChannel,
  cancelAppointment,
  changeAppointmentStatus,
  confirmAppointment,
  getAppointment,
  listPatientAppointments,
  loadAppointmentsForOutreach,
  loadFacilityAppointments,
  moveAppointment,
} from './appointments/appointment.service.ts';
export { type BookingInput, bookAppointment } from './appointments/booking.service.ts';
export {
  cancelBySelfService,
  findByKeypad,
  type SelfServiceMatch,
} from './appointments/self-service.service.ts';
export { generateSlotsJob, releaseExpiredHoldsJob } from './booking.jobs.ts';
export { bookingRoutes } from './booking.routes.ts';
export {
  listProtectionCases,
  openProtectionCase,
  recordDeclinedOffer,
  resolveProtectionCase,
  takeProtectionCase,
} from './protection/protection.service.ts';
export { protectionRoutes } from './protection.routes.ts';
export type * from './rules/booking.types.ts';
export {
  BOOKING_CODE_PATTERN,
  cancellationNumber,
  keypadCode,
  newBookingCode,
  randomSymbols,
} from './rules/booking-code.ts';
export { DEFAULT_GUARANTEE_RULES, type GuaranteeRule, guaranteeDeadline } from './rules/guarantee.ts';
export { italianHolidays } from './rules/holidays.ts';
export type { Attendance } from './rules/lifecycle.ts';
export {
  CANCELLATION_NOTICE_WORKING_DAYS,
  isLateCancellation,
  lastTimelyCancellationDate,
  localHolidayDates,
} from './rules/notice.ts';
export { facilityLocalHolidays } from './slots/appointment.repository.ts';
export { findAvailability, findFirstPerFacility } from './slots/availability.service.ts';
export { type HoldInput, placeHold, releaseExpiredHolds, releaseHold } from './slots/hold.service.ts';
export { findSlotsInPeriod, loadGuaranteeRules, type PeriodSlot } from './slots/slot.repository.ts';
