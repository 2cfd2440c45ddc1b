import { describe, expect, it } from 'vitest';
import {
  DEMO_FACILITIES,
  DEMO_FAMILY_NAMES,
  DEMO_GIVEN_NAMES_F,
  DEMO_GIVEN_NAMES_M,
  DEMO_MUNICIPALITIES,
  DEMO_ORGANISATIONS,
  DEMO_SERVICES,
  facilitiesOf,
  findFacility,
  findMunicipalityByBelfiore,
  findOrganisation,
  findService,
} from './demo-region.ts';
import { buildFiscalCode, validateFiscalCode } from './rules/fiscal-code.ts';

const duplicates = (values: readonly string[]) => values.filter((v, i) => values.indexOf(v) !== i);

describe('demo organisations', () => {
  it('are the four organisations of the tender, with unique ids', () => {
    expect(DEMO_ORGANISATIONS).toHaveLength(4);
    expect(duplicates(DEMO_ORGANISATIONS.map((o) => o.id))).toEqual([]);
    expect(DEMO_ORGANISATIONS.map((o) => o.kind).sort()).toEqual(['ao', 'asl', 'asl', 'irccs']);
  });
});

describe('demo facilities', () => {
  it('are at least 20, with unique ids', () => {
    expect(DEMO_FACILITIES.length).toBeGreaterThanOrEqual(20);
    expect(duplicates(DEMO_FACILITIES.map((f) => f.id))).toEqual([]);
  });

  it('belong to existing organisations, and every organisation has some', () => {
    for (const f of DEMO_FACILITIES) expect(findOrganisation(f.organisationId), f.id).toBeDefined();
    for (const o of DEMO_ORGANISATIONS) expect(facilitiesOf(o.id).length, o.id).toBeGreaterThan(0);
  });

  it('lie in Basilicata, in a listed municipality and a named district', () => {
    const municipalities = new Set(DEMO_MUNICIPALITIES.map((m) => m.name));
    for (const f of DEMO_FACILITIES) {
      // Bounding box of the region.
      expect(f.latitude, f.id).toBeGreaterThan(39.85);
      expect(f.latitude, f.id).toBeLessThan(41.15);
      expect(f.longitude, f.id).toBeGreaterThan(15.3);
      expect(f.longitude, f.id).toBeLessThan(16.9);
      expect(municipalities.has(f.municipality), f.id).toBe(true);
      expect(f.district, f.id).toMatch(/^Distretto /);
    }
  });

  it('are found by id', () => {
    expect(findFacility('aor-potenza-san-carlo')?.municipality).toBe('Potenza');
    expect(findFacility('nope')).toBeUndefined();
  });
});

describe('demo services', () => {
  it('are at least 100, with unique codes and descriptions', () => {
    expect(DEMO_SERVICES.length).toBeGreaterThanOrEqual(100);
    expect(duplicates(DEMO_SERVICES.map((s) => s.code))).toEqual([]);
    expect(duplicates(DEMO_SERVICES.map((s) => s.description))).toEqual([]);
  });

  it('cover all three kinds', () => {
    expect(new Set(DEMO_SERVICES.map((s) => s.kind))).toEqual(new Set(['visit', 'instrumental', 'lab']));
  });

  it('have positive integer tariffs and slot lengths', () => {
    for (const s of DEMO_SERVICES) {
      expect(Number.isInteger(s.tariffCents) && s.tariffCents > 0, s.code).toBe(true);
      expect(Number.isInteger(s.slotMinutes) && s.slotMinutes > 0, s.code).toBe(true);
      expect(s.code, s.code).toMatch(/^\d{2}\.[\dA-Z]{1,2}(\.[\dA-Z])?$/);
      expect(s.branch, s.code).toMatch(/^[a-z ]+$/);
    }
  });

  it('are found by code', () => {
    expect(findService('89.7A.3')?.description).toBe('Prima visita cardiologica');
    expect(findService('89.52')?.tariffCents).toBe(1162);
    expect(findService('00.00')).toBeUndefined();
  });
});

describe('demo names and municipalities', () => {
  it('have about 60 unique names each', () => {
    for (const names of [DEMO_GIVEN_NAMES_M, DEMO_GIVEN_NAMES_F, DEMO_FAMILY_NAMES]) {
      expect(names.length).toBeGreaterThanOrEqual(55);
      expect(duplicates(names)).toEqual([]);
    }
    expect(duplicates([...DEMO_GIVEN_NAMES_M, ...DEMO_GIVEN_NAMES_F])).toEqual([]);
  });

  it('have unique, well-formed Belfiore codes and names', () => {
    expect(DEMO_MUNICIPALITIES.length).toBeGreaterThanOrEqual(25);
    expect(duplicates(DEMO_MUNICIPALITIES.map((m) => m.belfioreCode))).toEqual([]);
    expect(duplicates(DEMO_MUNICIPALITIES.map((m) => m.name))).toEqual([]);
    for (const m of DEMO_MUNICIPALITIES) {
      expect(m.belfioreCode).toMatch(/^[A-Z]\d{3}$/);
      expect(m.postalCode).toMatch(m.province === 'PZ' ? /^85\d{3}$/ : /^75\d{3}$/);
    }
    expect(findMunicipalityByBelfiore('g942')?.name).toBe('Potenza');
  });

  it('give valid fiscal codes for every name and birthplace', () => {
    const today = new Date('2025-06-15T10:00:00Z');
    DEMO_FAMILY_NAMES.forEach((familyName, i) => {
      const sex = i % 2 === 0 ? 'M' : 'F';
      const givenNames = sex === 'M' ? DEMO_GIVEN_NAMES_M : DEMO_GIVEN_NAMES_F;
      const municipality = DEMO_MUNICIPALITIES[i % DEMO_MUNICIPALITIES.length]!;
      const person = {
        familyName,
        givenName: givenNames[i % givenNames.length]!,
        birthDate: `19${String(40 + (i % 60)).padStart(2, '0')}-0${1 + (i % 9)}-1${i % 10}`,
        sex,
        municipalityCode: municipality.belfioreCode,
      } as const;
      expect(validateFiscalCode(buildFiscalCode(person), today)).toMatchObject({
        ok: true,
        birthDate: person.birthDate,
        municipalityCode: municipality.belfioreCode,
      });
    });
  });
});
