/** A point on the map (WGS84 degrees). */
export interface Place {
  latitude: number;
  longitude: number;
}

/** Mean Earth radius (IUGG), km. */
const EARTH_RADIUS_KM = 6371.0088;

/**
 * Great-circle distance in km (haversine). "Nearest first" ranks facilities by it: roads differ, but
 * across a region the order it gives is what a citizen means by near, and it needs no routing service.
 */
export function distanceKm(a: Place, b: Place): number {
  const rad = Math.PI / 180;
  const dLat = (b.latitude - a.latitude) * rad;
  const dLon = (b.longitude - a.longitude) * rad;
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(a.latitude * rad) * Math.cos(b.latitude * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** A facility's distance from `origin` as the products show it (km to one decimal); null when unplaced. */
export function facilityDistanceKm(
  origin: Place,
  facility: { latitude: number | null; longitude: number | null },
): number | null {
  if (facility.latitude === null || facility.longitude === null) return null;
  const km = distanceKm(origin, { latitude: facility.latitude, longitude: facility.longitude });
  return Math.round(km * 10) / 10;
}
