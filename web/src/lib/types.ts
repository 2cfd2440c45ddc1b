// The API's shapes as the web app reads them: aliases into the types generated from the server's OpenAPI
// description (`npm run api:types`). Instants are ISO strings.
import type { Body, Ok, Query, Schema } from './openapi.ts';

export type Me = Ok<'/api/v1/auth/me', 'get'>;
export type Role = Me['roles'][number];
export type LoginResult = Ok<'/api/v1/auth/login', 'post'>;

export type Patient = Schema<'Patient'>;
export type NewPatient = Body<'/api/v1/patients', 'post'>;
export type Service = Schema<'Service'>;
export type Prescription = Schema<'Prescription'>;
export type PrescriptionItem = Prescription['items'][number];
export type Priority = Prescription['priority'];

export type Availability = Schema<'Availability'>;
export type AvailableSlot = Availability['items'][number];
/** The search the console makes: the channel is always the phone (see api.ts). */
export type AvailabilityQuery = Omit<Query<'/api/v1/availability', 'get'>, 'channel'>;
export type Hold = Schema<'Hold'>;

export type Appointment = Schema<'Appointment'>;
export type AppointmentStatus = Appointment['status'];
export type Channel = Appointment['channel'];
export type ProtectionCase = Schema<'ProtectionCase'>;

export type AgendaFill = Ok<'/api/v1/agendas', 'get'>['items'][number];
