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
} from './agenda.service.ts';
export { facilityLocalHolidays } from './appointment.repository.ts';
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
} from './appointment.service.ts';
export { findAvailability, findFirstPerFacility } from './availability.service.ts';
export { generateSlotsJob, releaseExpiredHoldsJob } from './booking.jobs.ts';
export { bookingRoutes } from './booking.routes.ts';
export { type BookingInput, bookAppointment } from './booking.service.ts';
export type * from './booking.types.ts';
export {
  type AgendaClosure,
  bookedOnClosedPlaces,
  closeAgendaDays,
  findBookedAppointments,
  onClosedPlace,
} from './closure.service.ts';
export { type HoldInput, placeHold, releaseExpiredHolds, releaseHold } from './hold.service.ts';
export { protectionRoutes } from './protection.routes.ts';
export {
  listProtectionCases,
  openProtectionCase,
  recordDeclinedOffer,
  resolveProtectionCase,
  takeProtectionCase,
} from './protection.service.ts';
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
export { cancelBySelfService, findByKeypad, type SelfServiceMatch } from './self-service.service.ts';
export { findSlotsInPeriod, loadGuaranteeRules, type PeriodSlot } from './slot.repository.ts';
