import { QueryCache, QueryClient, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ErlangQuery, PlanBody, WhatIfBody } from '../planning/types.ts';
import { ApiError, api } from './api.ts';
import type { AvailabilityQuery, NewPatient, ProtectionCase } from './types.ts';

export const keys = {
  me: ['me'] as const,
  patient: (cf: string) => ['patient', cf] as const,
  prescription: (nre: string) => ['prescription', nre] as const,
  openPrescriptions: (cf: string) => ['prescription', 'open', cf] as const,
  availability: (q: AvailabilityQuery) => ['availability', q] as const,
  appointments: (cf: string) => ['appointments', cf] as const,
  paymentNotices: (cf: string) => ['payment-notices', cf] as const,
  agendas: (days: number) => ['agendas', days] as const,
  services: ['services'] as const,
  protectionCases: (state: string) => ['protection-cases', state] as const,
  erlang: (q: ErlangQuery | null) => ['planning', 'erlang', q] as const,
  plan: (body: PlanBody | null) => ['planning', 'plan', body] as const,
};

/** Client errors are answers, not accidents: only network and server failures are retried. */
function retry(failures: number, error: unknown): boolean {
  if (error instanceof ApiError && error.status >= 400 && error.status < 500) return false;
  return failures < 2;
}

export function createQueryClient(): QueryClient {
  const client: QueryClient = new QueryClient({
    queryCache: new QueryCache({
      // A session that ended (expiry, logout elsewhere) sends the user back to the login page.
      onError: (error) => {
        if (error instanceof ApiError && error.status === 401) client.setQueryData(keys.me, null);
      },
    }),
    defaultOptions: {
      queries: { retry, refetchOnWindowFocus: false, staleTime: 10_000 },
      mutations: { retry: false },
    },
  });
  return client;
}

export function useMe() {
  return useQuery({
    queryKey: keys.me,
    queryFn: async () => {
      try {
        return await api.me();
      } catch (e) {
        if (e instanceof ApiError && e.status === 401) return null;
        throw e;
      }
    },
    staleTime: Number.POSITIVE_INFINITY,
  });
}

/** Issue 14 §8: the patient's prescriptions still to book (refreshed with every booking, as prescriptions are). */
export function useOpenPrescriptions(fiscalCode: string | null) {
  return useQuery({
    queryKey: keys.openPrescriptions(fiscalCode ?? ''),
    queryFn: () => api.openPrescriptions(fiscalCode!),
    enabled: !!fiscalCode,
  });
}

export function usePatient(fiscalCode: string | null) {
  return useQuery({
    queryKey: keys.patient(fiscalCode ?? ''),
    queryFn: () => api.patient(fiscalCode!),
    enabled: !!fiscalCode,
  });
}

export function usePrescription(nre: string | null) {
  return useQuery({
    queryKey: keys.prescription(nre ?? ''),
    queryFn: () => api.prescription(nre!),
    enabled: !!nre,
    staleTime: 0,
  });
}

export function useAvailability(q: AvailabilityQuery | null) {
  return useQuery({
    queryKey: keys.availability(q ?? { service: '' }),
    queryFn: () => api.availability(q!),
    enabled: !!q,
    staleTime: 0,
  });
}

export function usePatientAppointments(fiscalCode: string | null) {
  return useQuery({
    queryKey: keys.appointments(fiscalCode ?? ''),
    queryFn: () => api.patientAppointments(fiscalCode!),
    enabled: !!fiscalCode,
    staleTime: 0,
  });
}

export function usePaymentNotices(fiscalCode: string) {
  return useQuery({
    queryKey: keys.paymentNotices(fiscalCode),
    queryFn: () => api.paymentNotices(fiscalCode),
    staleTime: 0,
  });
}

export function useAgendas(days: number) {
  return useQuery({ queryKey: keys.agendas(days), queryFn: () => api.agendas(days) });
}

/** BK-4 cases for the back office; refreshed every 30 s, since operators open them all the time. */
export function useProtectionCases(state: ProtectionCase['state']) {
  return useQuery({
    queryKey: keys.protectionCases(state),
    queryFn: () => api.protectionCases(state),
    staleTime: 0,
    refetchInterval: 30_000,
  });
}

export function useServices() {
  return useQuery({ queryKey: keys.services, queryFn: api.services, staleTime: 60 * 60_000 });
}

export function useRegisterPatient() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (p: NewPatient) => api.registerPatient(p),
    onSuccess: (patient) => qc.setQueryData(keys.patient(patient.fiscalCode), patient),
  });
}

/** After any change to a patient's bookings: their prescriptions, appointments and the free slots. */
export function useInvalidateBookings() {
  const qc = useQueryClient();
  return async () => {
    await Promise.all([
      qc.invalidateQueries({ queryKey: ['prescription'] }),
      qc.invalidateQueries({ queryKey: ['appointments'] }),
      qc.invalidateQueries({ queryKey: ['payment-notices'] }),
      qc.invalidateQueries({ queryKey: ['availability'] }),
    ]);
  };
}

// Planning (WF-1): the answers depend only on the request, so they never go stale.
export function useErlang(q: ErlangQuery | null) {
  return useQuery({
    queryKey: keys.erlang(q),
    queryFn: () => api.planningErlang(q!),
    enabled: !!q,
    staleTime: Number.POSITIVE_INFINITY,
  });
}

export function usePlan(body: PlanBody | null) {
  return useQuery({
    queryKey: keys.plan(body),
    queryFn: () => api.planningPlan(body!),
    enabled: !!body,
    staleTime: Number.POSITIVE_INFINITY,
  });
}

/** The simulation takes seconds to tens of seconds: run on demand, never retried by itself. */
export function useWhatIf() {
  return useMutation({ mutationFn: (body: WhatIfBody) => api.planningWhatIf(body) });
}
