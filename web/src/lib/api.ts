import type { AgentConsole, ConsoleAction, Wallboard } from '../contact-centre/types.ts';
import type {
  ErlangQuery,
  ErlangResult,
  Plan,
  PlanBody,
  WhatIfBody,
  WhatIfResult,
} from '../planning/types.ts';
import type { Body, Ok } from './openapi.ts';
import type {
  Appointment,
  Availability,
  AvailabilityQuery,
  Hold,
  LoginResult,
  Me,
  NewPatient,
  Patient,
  Prescription,
  ProtectionCase,
} from './types.ts';

const CC = '/api/v1/contact-centre';

/** Every channel of this app is the phone line of the contact centre (CC). */
export const CHANNEL = 'phone' as const;

/** A failed call: the server's `{"error":{"code","message","field"}}`, or NETWORK when none came back. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export function isApiError(e: unknown, code?: string): e is ApiError {
  return e instanceof ApiError && (code === undefined || e.code === code);
}

interface Sent<T> {
  status: number;
  body: T;
  /** The server's clock when it answered (Date header), to count down against its own expiries. */
  serverDate: number | null;
}

async function send<T>(
  method: string,
  url: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Sent<T>> {
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      credentials: 'same-origin',
      headers: {
        accept: 'application/json',
        // Every write is JSON, even without a body: the server refuses anything else (CSRF, SEC-1).
        ...(method === 'GET' ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    throw new ApiError(0, 'NETWORK', e instanceof Error ? e.message : 'network error');
  }
  const text = await res.text();
  let parsed: unknown = null;
  if (text) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = null;
    }
  }
  if (!res.ok) {
    const err = (parsed as { error?: { code?: string; message?: string; field?: string } } | null)?.error;
    throw new ApiError(
      res.status,
      err?.code ?? (res.status >= 500 ? 'INTERNAL' : 'MALFORMED_REQUEST'),
      err?.message ?? res.statusText,
      err?.field ?? undefined,
    );
  }
  const date = res.headers.get('date');
  return { status: res.status, body: parsed as T, serverDate: date ? Date.parse(date) : null };
}

const get = async <T>(url: string) => (await send<T>('GET', url)).body;
const post = async <T>(url: string, body: unknown, headers?: Record<string, string>) =>
  (await send<T>('POST', url, body, headers)).body;
const enc = encodeURIComponent;
/** Any JSON call, for a view whose calls live next to it (users/api.ts). */
export const apiRequest = async <T>(
  method: string,
  url: string,
  body?: unknown,
  headers?: Record<string, string>,
) => (await send<T>(method, url, body, headers)).body;

function query(params: Record<string, string | number | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, String(v));
  return q.toString();
}

export const api = {
  login: (username: string, password: string) =>
    post<LoginResult>('/api/v1/auth/login', { username, password }),
  logout: async () => {
    await send<null>('POST', '/api/v1/auth/logout');
  },
  me: () => get<Me>('/api/v1/auth/me'),

  patient: (fiscalCode: string) => get<Patient>(`/api/v1/patients/${enc(fiscalCode)}`),
  registerPatient: (p: NewPatient) => post<Patient>('/api/v1/patients', p),
  prescription: (nre: string) => get<Prescription>(`/api/v1/prescriptions/${enc(nre)}`),
  /** Issue 14 §8: the patient's prescriptions still to book, so the NRE need not be dictated. */
  openPrescriptions: (fiscalCode: string) =>
    get<Ok<'/api/v1/patients/{fiscalCode}/prescriptions', 'get'>>(
      `/api/v1/patients/${enc(fiscalCode)}/prescriptions`,
    ),
  updateContacts: (
    fiscalCode: string,
    body: {
      phone: string | null;
      email: string | null;
      consents: { contactByPhone: boolean; contactByEmail: boolean };
    },
  ) => send<Patient>('PUT', `/api/v1/patients/${enc(fiscalCode)}/contacts`, body).then((r) => r.body),
  /** MR-1 by patient: calls whose outcome named them or from their phone, and the messages to them. */
  patientContactHistory: (fiscalCode: string) =>
    get<Ok<'/api/v1/patients/{fiscalCode}/contact-history', 'get'>>(
      `/api/v1/patients/${enc(fiscalCode)}/contact-history?limit=10`,
    ),
  /** The patient's portal delegations, given and received (read only when the operator opens them). */
  patientDelegations: (fiscalCode: string) =>
    get<Ok<'/api/v1/patients/{fiscalCode}/delegations', 'get'>>(
      `/api/v1/patients/${enc(fiscalCode)}/delegations`,
    ),
  /** At the desk, on the signed form and the delegator's identity document (for a minor, a declaration). */
  grantDelegation: (fiscalCode: string, body: Body<'/api/v1/patients/{fiscalCode}/delegations', 'post'>) =>
    post<Ok<'/api/v1/patients/{fiscalCode}/delegations', 'post'>>(
      `/api/v1/patients/${enc(fiscalCode)}/delegations`,
      body,
    ),
  revokeDelegation: (fiscalCode: string, id: string) =>
    post<Ok<'/api/v1/patients/{fiscalCode}/delegations/{id}/revoke', 'post'>>(
      `/api/v1/patients/${enc(fiscalCode)}/delegations/${enc(id)}/revoke`,
      {},
    ),
  services: () => get<Ok<'/api/v1/services', 'get'>>('/api/v1/services?limit=500'),

  availability: (q: AvailabilityQuery) =>
    get<Availability>(
      `/api/v1/availability?${query({
        service: q.service,
        priority: q.priority,
        channel: CHANNEL,
        district: q.district,
        facility: q.facility,
        from: q.from,
        near: q.near,
        limit: q.limit,
      })}`,
    ),
  placeHold: async (slotId: number, item: { nre: string; itemIndex: number }) => {
    const r = await send<Hold>('POST', '/api/v1/holds', { slotId, ...item, channel: CHANNEL });
    return { hold: r.body, serverDate: r.serverDate };
  },
  releaseHold: async (id: string) => {
    await send<null>('DELETE', `/api/v1/holds/${enc(id)}`);
  },
  book: (
    input: { nre: string; fiscalCode: string; itemIndex: number; holdId: string },
    idempotencyKey: string,
  ) =>
    post<Appointment>(
      '/api/v1/appointments',
      { ...input, channel: CHANNEL },
      { 'idempotency-key': idempotencyKey },
    ),
  patientAppointments: (fiscalCode: string) =>
    get<Ok<'/api/v1/patients/{fiscalCode}/appointments', 'get'>>(
      `/api/v1/patients/${enc(fiscalCode)}/appointments`,
    ),
  /** BK-8: the patient's pagoPA notices (paid, to pay, refund due); `enabled` false when payments are off. */
  paymentNotices: (fiscalCode: string) =>
    get<Ok<'/api/v1/patients/{fiscalCode}/payment-notices', 'get'>>(
      `/api/v1/patients/${enc(fiscalCode)}/payment-notices`,
    ),
  issueNotice: (appointmentId: string) =>
    post<Ok<'/api/v1/appointments/{id}/payment-notice', 'post'>>(
      `/api/v1/appointments/${enc(appointmentId)}/payment-notice`,
      { channel: CHANNEL },
    ),
  /** A link: the browser downloads it with the session cookie. */
  noticePdfUrl: (appointmentId: string) => `/api/v1/appointments/${enc(appointmentId)}/payment-notice.pdf`,
  /** The promemoria to print or hand over: a link, downloaded with the session cookie. */
  promemoriaPdfUrl: (appointmentId: string) => `/api/v1/appointments/${enc(appointmentId)}/promemoria.pdf`,
  /** `key`: the same for a retry, so one request sends one message. */
  sendPromemoria: (appointmentId: string, channel: 'sms' | 'email', key: string) =>
    post<Ok<'/api/v1/appointments/{id}/promemoria', 'post'>>(
      `/api/v1/appointments/${enc(appointmentId)}/promemoria`,
      { channel },
      { 'idempotency-key': key },
    ),
  cancel: (id: string, reason: string) =>
    post<Appointment>(`/api/v1/appointments/${enc(id)}/cancel`, { reason, channel: CHANNEL }),
  /** Issue 11 §7: the facility desk marks who came (from the appointment's day) and who did not. */
  mark: (id: string, what: 'check-in' | 'no-show') =>
    post<Appointment>(`/api/v1/appointments/${enc(id)}/${what}`, {}),
  move: (id: string, slotId: number) =>
    post<Appointment>(`/api/v1/appointments/${enc(id)}/move`, { slotId, channel: CHANNEL }),
  openProtectionCase: async (nre: string, fiscalCode: string, itemIndex: number) => {
    const r = await send<ProtectionCase>('POST', '/api/v1/protection-cases', {
      nre,
      fiscalCode,
      itemIndex,
      channel: CHANNEL,
    });
    return { protectionCase: r.body, created: r.status === 201 };
  },
  protectionCases: (state: ProtectionCase['state']) =>
    get<{ items: ProtectionCase[] }>(`/api/v1/protection-cases?${query({ state })}`),
  takeProtectionCase: (id: string) => post<ProtectionCase>(`/api/v1/protection-cases/${enc(id)}/take`, {}),
  resolveProtectionCase: (id: string, outcome: { appointmentId: string } | { reason: string }) =>
    post<ProtectionCase>(`/api/v1/protection-cases/${enc(id)}/resolve`, outcome),
  agendas: (days: number) => get<Ok<'/api/v1/agendas', 'get'>>(`/api/v1/agendas?days=${days}`),

  // Contact centre (CC-*, MR-4): the agent at this console, its calls, the wallboard.
  ccAgent: () => get<AgentConsole>(`${CC}/agent`),
  ccLogin: () => post<AgentConsole>(`${CC}/agent/login`, undefined),
  /** `actionId`: the same for a retry of the same action, so the server takes it once (issue 10 §6). */
  ccAct: ({ type, ...body }: ConsoleAction, actionId?: string) =>
    post<AgentConsole>(
      `${CC}/agent/${type}`,
      Object.keys(body).length > 0 ? body : undefined,
      actionId ? { 'Idempotency-Key': actionId } : undefined,
    ),
  /** Training (simulazione): the lines a simulated call can dial and their first menu's choices. */
  ccSimulatedCallChoices: () =>
    get<Ok<'/api/v1/contact-centre/simulated-calls/choices', 'get'>>(`${CC}/simulated-calls/choices`),
  ccSimulatedCall: (body: Body<'/api/v1/contact-centre/simulated-calls', 'post'>) =>
    post<Ok<'/api/v1/contact-centre/simulated-calls', 'post'>>(`${CC}/simulated-calls`, body),
  /** Simulazione: how the simulated person at a number answers our outbound calls (campaigns, recall). */
  ccSimulatedPerson: (body: Body<'/api/v1/contact-centre/simulated-people', 'post'>) =>
    post<null>(`${CC}/simulated-people`, body),
  ccHistory: (number: string) =>
    get<Ok<'/api/v1/contact-centre/history', 'get'>>(`${CC}/history?${query({ number, limit: 10 })}`),
  ccWallboard: () => get<Wallboard>('/api/v1/reporting/wallboard'),

  // Planning (WF-1): pure computations, nothing about patients.
  planningErlang: (q: ErlangQuery) => get<ErlangResult>(`/api/v1/planning/erlang?${query(q)}`),
  planningPlan: (body: PlanBody) => post<Plan>('/api/v1/planning/plan', body),
  planningWhatIf: (body: WhatIfBody) => post<WhatIfResult>('/api/v1/planning/what-if', body),
};
