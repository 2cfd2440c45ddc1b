// Public surface of the groups module (BK-10): a club's list of athletes booked together, as many as
// possible on the same day, by the back office.
export { groupsRoutes } from './groups.routes.ts';
export {
  createGroupRequest,
  type GroupRequestInput,
  getGroupRequest,
  listGroupRequests,
  planGroupRequest,
} from './groups.service.ts';
export type * from './groups.types.ts';
