import type { AgendaFill } from '../lib/types.ts';

export interface FacilityGroup {
  facilityId: string;
  facilityName: string;
  district: string;
  agendas: AgendaFill[];
  capacity: number;
  taken: number;
  fill: number;
}

export interface OrganisationGroup {
  organisationId: string;
  organisationName: string;
  facilities: FacilityGroup[];
  capacity: number;
  taken: number;
  fill: number;
}

const byName = (a: string, b: string) => a.localeCompare(b, 'it');
const ratio = (taken: number, capacity: number) => (capacity > 0 ? taken / capacity : 0);

/**
 * Agendas grouped by health organisation and facility, each level with its overall fill (places
 * taken over places offered, not an average of percentages); names in Italian alphabetical order.
 * With a service code, only the agendas that offer it.
 */
export function groupAgendas(items: AgendaFill[], serviceCode = ''): OrganisationGroup[] {
  const orgs = new Map<string, OrganisationGroup>();
  for (const a of items) {
    if (serviceCode && !a.serviceCodes.includes(serviceCode)) continue;
    let org = orgs.get(a.organisationId);
    if (!org) {
      org = {
        organisationId: a.organisationId,
        organisationName: a.organisationName,
        facilities: [],
        capacity: 0,
        taken: 0,
        fill: 0,
      };
      orgs.set(a.organisationId, org);
    }
    let facility = org.facilities.find((f) => f.facilityId === a.facilityId);
    if (!facility) {
      facility = {
        facilityId: a.facilityId,
        facilityName: a.facilityName,
        district: a.district,
        agendas: [],
        capacity: 0,
        taken: 0,
        fill: 0,
      };
      org.facilities.push(facility);
    }
    facility.agendas.push(a);
    facility.capacity += a.capacity;
    facility.taken += a.taken;
    org.capacity += a.capacity;
    org.taken += a.taken;
  }
  const groups = [...orgs.values()].sort((a, b) => byName(a.organisationName, b.organisationName));
  for (const org of groups) {
    org.fill = ratio(org.taken, org.capacity);
    org.facilities.sort((a, b) => byName(a.facilityName, b.facilityName));
    for (const f of org.facilities) {
      f.fill = ratio(f.taken, f.capacity);
      f.agendas.sort((a, b) => byName(a.name, b.name));
    }
  }
  return groups;
}

/** Fill bands for the bar's colour; the percentage is always written next to it. */
export function fillLevel(fill: number): 'low' | 'medium' | 'high' {
  return fill >= 0.85 ? 'high' : fill >= 0.5 ? 'medium' : 'low';
}
