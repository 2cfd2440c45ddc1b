import { describe, expect, it } from 'vitest';
import { DEMO_FACILITIES, DEMO_MUNICIPALITIES } from '../demo-region.ts';
import { distanceKm } from './geo.ts';

describe('distanceKm', () => {
  it('gives the published great-circle distances', () => {
    // Rome (Piazza Venezia) to Milan (Duomo): 477 km as the crow flies.
    const rome = { latitude: 41.8959, longitude: 12.4823 };
    const milan = { latitude: 45.4641, longitude: 9.1919 };
    expect(distanceKm(rome, milan)).toBeGreaterThan(475);
    expect(distanceKm(rome, milan)).toBeLessThan(479);
    // One degree of latitude along a meridian is 111.2 km on the mean sphere.
    expect(distanceKm({ latitude: 40, longitude: 16 }, { latitude: 41, longitude: 16 })).toBeCloseTo(
      111.19,
      1,
    );
    expect(distanceKm(rome, rome)).toBe(0);
    expect(distanceKm(rome, milan)).toBeCloseTo(distanceKm(milan, rome), 9);
  });

  it("puts each demo facility within a few km of its municipality's centre", () => {
    // The municipalities' places and the facilities' were written from different sources: they must agree.
    const byName = new Map(DEMO_MUNICIPALITIES.map((m) => [m.name, m]));
    for (const f of DEMO_FACILITIES) {
      const m = byName.get(f.municipality);
      expect(m, f.municipality).toBeDefined();
      // Marconia, a hamlet of Pisticci, lies 8 km from the town.
      expect(distanceKm(f, m!), f.id).toBeLessThan(10);
    }
  });
});
