import { apiRequest } from '../lib/api.ts';
import type { Body, Ok, Query } from '../lib/openapi.ts';

// The citizen portal's API (server: /api/v1/portal/…), in the API's generated types. The session is a
// cookie the server sets after the fiscal code with the NRE or with the booking code.

const P = '/api/v1/portal';
export type PortalPrescription = Ok<'/api/v1/portal/access/prescription', 'post'>;
export type PortalAvailability = Ok<'/api/v1/portal/availability', 'get'>;
export type PortalSlot = PortalAvailability['items'][number];
export type AvailabilityAsk = Query<'/api/v1/portal/availability', 'get'>;
export type MoveAsk = Query<'/api/v1/portal/bookings/{code}/availability', 'get'>;
export type PortalHold = Ok<'/api/v1/portal/holds', 'post'>;
export type PortalBooking = Ok<'/api/v1/portal/bookings', 'post'>;
export type BookBody = Body<'/api/v1/portal/bookings', 'post'>;
export type Checkout = Ok<'/api/v1/portal/checkout/{checkoutId}', 'get'>;
export type CheckoutStart = Ok<'/api/v1/portal/bookings/{code}/payment', 'post'>;
export type PublicNotice = Ok<'/api/v1/portal/notices/{number}', 'get'>;
export type RatingBody = Body<'/api/v1/portal/rating', 'post'>;
export type Municipality = Ok<'/api/v1/portal/municipalities', 'get'>['items'][number];

function qs(q: Record<string, unknown>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(q))
    if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  const s = params.toString();
  return s ? `?${s}` : '';
}
const booking = (code: string) => `${P}/bookings/${encodeURIComponent(code)}`;

export const portal = {
  municipalities: () => apiRequest<{ items: Municipality[] }>('GET', `${P}/municipalities`),
  enterPrescription: (fiscalCode: string, nre: string) =>
    apiRequest<PortalPrescription>('POST', `${P}/access/prescription`, { fiscalCode, nre }),
  enterBooking: (fiscalCode: string, code: string) =>
    apiRequest<PortalBooking>('POST', `${P}/access/booking`, { fiscalCode, code }),
  prescription: () => apiRequest<PortalPrescription>('GET', `${P}/prescription`),
  availability: (q: AvailabilityAsk) => apiRequest<PortalAvailability>('GET', `${P}/availability${qs(q)}`),
  hold: (slotId: number, itemIndex: number) =>
    apiRequest<PortalHold>('POST', `${P}/holds`, { slotId, itemIndex }),
  release: (holdId: string) => apiRequest<null>('DELETE', `${P}/holds/${encodeURIComponent(holdId)}`),
  book: (body: BookBody) => apiRequest<PortalBooking>('POST', `${P}/bookings`, body),
  protection: (itemIndex: number) =>
    apiRequest<{ caseId: string; created: boolean }>('POST', `${P}/protection`, { itemIndex }),
  booking: (code: string) => apiRequest<PortalBooking>('GET', booking(code)),
  cancel: (code: string) => apiRequest<PortalBooking>('POST', `${booking(code)}/cancel`, {}),
  moveOptions: (code: string, q: MoveAsk) =>
    apiRequest<PortalAvailability>('GET', `${booking(code)}/availability${qs(q)}`),
  move: (code: string, slotId: number) =>
    apiRequest<PortalBooking>('POST', `${booking(code)}/move`, { slotId }),
  pay: (code: string) => apiRequest<CheckoutStart>('POST', `${booking(code)}/payment`, {}),
  checkout: (id: string) => apiRequest<Checkout>('GET', `${P}/checkout/${encodeURIComponent(id)}`),
  completeCheckout: (id: string, outcome: 'pay' | 'fail') =>
    apiRequest<Checkout>('POST', `${P}/checkout/${encodeURIComponent(id)}`, { outcome }),
  notice: (number: string) => apiRequest<PublicNotice>('GET', `${P}/notices/${encodeURIComponent(number)}`),
  payNotice: (number: string) =>
    apiRequest<CheckoutStart>('POST', `${P}/notices/${encodeURIComponent(number)}/payment`, {}),
  rate: (body: RatingBody) => apiRequest<null>('POST', `${P}/rating`, body),
  logout: () => apiRequest<null>('POST', `${P}/logout`, {}),
};

/** Where the citizen's files are: links, so the browser downloads them with the session cookie. */
export const files = {
  promemoria: (code: string) => `${booking(code)}/promemoria.pdf`,
  calendar: (code: string) => `${booking(code)}/calendar.ics`,
  notice: (code: string) => `${booking(code)}/notice.pdf`,
  noticeQr: (code: string) => `${booking(code)}/notice-qr.svg`,
};

export type KioskOutcome = Ok<'/api/v1/kiosk/check-in', 'post'>;
export type KioskFacility = Ok<'/api/v1/kiosk/facilities/{facilityId}', 'get'>;

export const kiosk = {
  facility: (id: string) =>
    apiRequest<KioskFacility>('GET', `/api/v1/kiosk/facilities/${encodeURIComponent(id)}`),
  checkIn: (facilityId: string, code: string, fiscalCode: string) =>
    apiRequest<KioskOutcome>('POST', '/api/v1/kiosk/check-in', { facilityId, code, fiscalCode }),
};

export type PersonalArea = Ok<'/api/v1/portal/me', 'get'>;
export type Delegations = Ok<'/api/v1/portal/delegations', 'get'>;
export type Delegation = Delegations['given'][number];
export const personal = {
  options: () => apiRequest<{ spid: boolean }>('GET', '/api/v1/portal/login-options'),
  me: () => apiRequest<PersonalArea>('GET', '/api/v1/portal/me'),
  delegations: () => apiRequest<Delegations>('GET', `${P}/delegations`),
  grant: (fiscalCode: string, validUntil: string | null) =>
    apiRequest<Delegation>('POST', `${P}/delegations`, { fiscalCode, validUntil }),
  /** A parent's or guardian's declaration for a minor, proved by the minor's fiscal code and an NRE. */
  declareForMinor: (body: Body<'/api/v1/portal/delegations/minor', 'post'>) =>
    apiRequest<Delegation>('POST', `${P}/delegations/minor`, body),
  revoke: (id: string) =>
    apiRequest<Delegation>('POST', `${P}/delegations/${encodeURIComponent(id)}/revoke`, {}),
  /** Act for the delegator of a delegation received; null: back to one's own area. */
  actFor: (delegationId: string | null) => apiRequest<null>('POST', `${P}/acting-for`, { delegationId }),
  /** A full-page navigation: the identity provider's pages are not ours. */
  loginUrl: '/api/v1/portal/spid/login',
};
