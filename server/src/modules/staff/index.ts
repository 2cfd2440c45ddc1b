// Public surface of the staff module: the register of the front line's periods on the contract, which
// the tender's yearly turnover is computed from (reporting owns the indicator).
export { staffRoutes } from './staff.routes.ts';
export { recordStart, tenuresOverlapping } from './staff.service.ts';
export type * from './staff.types.ts';
export { LEAVING_REASONS } from './staff.types.ts';
