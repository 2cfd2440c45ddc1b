import type { MessageKey } from '../i18n/i18n.tsx';
import type { Role } from '../lib/types.ts';

/** The app's views, who may open them, and where each role lands after logging in. */
export type View =
  | 'console'
  | 'chat'
  | 'arrivals'
  | 'protection'
  | 'groups'
  | 'helpdesk'
  | 'knowledge'
  | 'agendas'
  | 'wallboard'
  | 'planning'
  | 'privacy'
  | 'outreach'
  | 'messages'
  | 'report'
  | 'contacts'
  | 'prompts'
  | 'users'
  | 'password'
  | 'training';

interface ViewSpec {
  path: string;
  label: MessageKey;
  roles: Role[];
  /**
   * false — opened from another page; 'own' — in the bar only for the roles named, not for admin, whose
   * bar holds every view of the app on one line at 1280 px and is full.
   */
  inBar?: false | 'own';
}

export const VIEWS: Record<View, ViewSpec> = {
  console: { path: '/console', label: 'nav.console', roles: ['operator', 'backoffice'] },
  // CC-10: the front end's operators answer citizens' chats (admin opens it by its address).
  chat: { path: '/chat', label: 'nav.chat', roles: ['operator'], inBar: 'own' },
  // BK-9: the facility desk's day, with the kiosk's check-ins and queue tickets.
  arrivals: { path: '/arrivi', label: 'nav.arrivals', roles: ['operator', 'backoffice'] },
  // BK-4: the back office works the protection-path cases (percorso di tutela) operators open.
  protection: { path: '/protection-cases', label: 'nav.protection', roles: ['backoffice'] },
  // BK-10: the back office books a club's list of athletes together (admin opens it by its address).
  groups: { path: '/prenotazioni-gruppo', label: 'nav.groups', roles: ['backoffice'], inBar: 'own' },
  // The contact-centre wallboard (MR-4), live over the stream.
  // Issue 16: the help desk's tickets, nearest deadline first; the back office works them.
  // CC-11: the regional offices (second-level) work the tickets that reached them, from outside the centre.
  helpdesk: {
    path: '/helpdesk',
    label: 'nav.helpdesk',
    roles: ['operator', 'backoffice', 'second-level', 'supervisor'],
  },
  // HD-7: the information sheets, searched by who answers, written by supervisors.
  knowledge: {
    path: '/schede',
    label: 'nav.knowledge',
    roles: ['operator', 'backoffice', 'second-level', 'supervisor'],
  },
  wallboard: { path: '/wallboard', label: 'nav.wallboard', roles: ['supervisor'] },
  agendas: { path: '/agendas', label: 'nav.agendas', roles: ['cup-manager'] },
  // WF-1 staffing and channel planning, with its what-if.
  planning: { path: '/planning', label: 'nav.planning', roles: ['supervisor', 'cup-manager'] },
  // Training on the simulated switch: practice calls for operators, simulated people for the campaigns.
  training: { path: '/formazione', label: 'nav.training', roles: ['trainer'], inBar: 'own' },
  // Issue 11 §7: reminders, answers, freed places re-used and attendance, for a period.
  outreach: { path: '/outreach', label: 'nav.outreach', roles: ['supervisor', 'cup-manager', 'trainer'] },
  // OB-1: what was sent to patients and what they answered.
  messages: { path: '/messages', label: 'nav.messages', roles: ['supervisor', 'cup-manager', 'trainer'] },
  // MR-5: the month's service levels and penalties, from the stored contact events.
  report: { path: '/report', label: 'nav.report', roles: ['supervisor', 'cup-manager'] },
  // MR-1: the knowledge database of contacts, every search and contact opened audited.
  contacts: { path: '/contatti', label: 'nav.contacts', roles: ['supervisor', 'cup-manager'] },
  // SEC-1: the region's privacy officer reads who accessed a patient's data (issue 8 §14).
  privacy: { path: '/privacy', label: 'nav.privacy', roles: ['privacy-officer'] },
  // The IVR's voice prompts as the real switch plays them, and the region's recordings: admin only,
  // opened from the Users page (the bar holds every view on one line at 1280 px, and is full).
  prompts: { path: '/messaggi-vocali', label: 'nav.prompts', roles: [], inBar: false },
  // Staff accounts: admin only (admin passes every check).
  users: { path: '/users', label: 'nav.users', roles: [] },
  // Everyone with a local password changes it here (the admin's generated one, first of all).
  password: {
    path: '/password',
    label: 'nav.password',
    roles: ['operator', 'backoffice', 'second-level', 'supervisor', 'cup-manager', 'privacy-officer'],
  },
};

const ORDER: View[] = [
  'console',
  'chat',
  'arrivals',
  'protection',
  'groups',
  'wallboard',
  'agendas',
  'planning',
  'training',
  'outreach',
  'messages',
  'report',
  'contacts',
  'helpdesk',
  'knowledge',
  'privacy',
  'prompts',
  'users',
  'password',
];

/** admin passes every check, as on the server. */
export function canOpen(roles: readonly Role[], view: View): boolean {
  return roles.includes('admin') || VIEWS[view].roles.some((r) => roles.includes(r));
}

export function viewsFor(roles: readonly Role[]): View[] {
  return ORDER.filter((v) => canOpen(roles, v));
}

/** The views in the navigation bar: those a user may open, less the few opened from another page. */
export function barViewsFor(roles: readonly Role[]): View[] {
  return viewsFor(roles).filter((v) => {
    const inBar = VIEWS[v].inBar;
    return inBar === undefined || (inBar === 'own' && VIEWS[v].roles.some((r) => roles.includes(r)));
  });
}

/** The first view a user may open, or null for a role the web app has nothing for yet. */
export function homeOf(roles: readonly Role[]): string | null {
  const first = viewsFor(roles)[0];
  return first ? VIEWS[first].path : null;
}
