// Public surface of the portal module (issue 13): the citizen portal's public API — booking without login
// (fiscal code + NRE), managing a booking (booking code + fiscal code), paying the ticket through the
// payment port, the promemoria and the calendar file.

export type { CitizenOidcSettings } from './adapters/citizen-oidc.ts';
export { portalRoutes } from './portal.routes.ts';
export { RatingFiguresSchema } from './portal.schemas.ts';
export { citizenOidcSettings, portalSettings } from './portal.service.ts';
export { clearRatingDetailsBefore, ratingFiguresBetween } from './ratings/ratings.service.ts';
export type { PortalSettings } from './rules/portal.types.ts';
export { answerWords, questionAfter, type RatingFigures, SERVICE_WORDS } from './rules/ratings.ts';
