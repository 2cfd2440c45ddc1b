import { describe, expect, it } from 'vitest';
import { agendaFill as agenda } from '../test/fixtures.ts';
import { fillLevel, groupAgendas } from './group.ts';

describe('agendas grouped for the CUP manager', () => {
  const items = [
    agenda({ agendaId: 'a1', name: 'Cardiologia', capacity: 100, taken: 90 }),
    agenda({ agendaId: 'a2', name: 'Allergologia', capacity: 300, taken: 10, serviceCodes: ['89.7B.6'] }),
    agenda({
      agendaId: 'a3',
      facilityId: 'f2',
      facilityName: 'Ambulatorio di Avigliano',
      capacity: 0,
      taken: 0,
    }),
    agenda({ agendaId: 'a4', organisationId: 'o0', organisationName: 'ASP Potenza', facilityId: 'f3' }),
  ];

  it('groups by organisation and facility, alphabetically, with fill as places taken over offered', () => {
    const groups = groupAgendas(items);
    expect(groups.map((g) => g.organisationName)).toEqual(['AOR San Carlo', 'ASP Potenza']);
    const [sanCarlo] = groups;
    expect(sanCarlo!.facilities.map((f) => f.facilityName)).toEqual([
      'Ambulatorio di Avigliano',
      'Ospedale San Carlo',
    ]);
    const hospital = sanCarlo!.facilities[1]!;
    expect(hospital.agendas.map((a) => a.name)).toEqual(['Allergologia', 'Cardiologia']);
    expect(hospital.fill).toBeCloseTo(100 / 400); // not the mean of 90 % and 3 %
    expect(sanCarlo!.facilities[0]!.fill).toBe(0); // nothing offered is empty, not NaN
    expect(sanCarlo!.capacity).toBe(400);
  });

  it('keeps only the agendas offering a service', () => {
    const groups = groupAgendas(items, '89.7B.6');
    expect(groups).toHaveLength(1);
    expect(groups[0]!.facilities.flatMap((f) => f.agendas.map((a) => a.agendaId))).toEqual(['a2']);
    expect(groupAgendas(items, 'NOPE')).toEqual([]);
  });

  it('bands fill levels for the bar colour', () => {
    expect(fillLevel(0)).toBe('low');
    expect(fillLevel(0.5)).toBe('medium');
    expect(fillLevel(0.85)).toBe('high');
  });
});
