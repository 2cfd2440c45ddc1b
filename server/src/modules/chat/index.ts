// Public surface of the chat (CC-10): the citizen's chat on the portal, answered first by an automatic
// reception of written rules (with the region's language model reading the intent, where configured), then
// by the front end's operators; out of hours a written request becomes a help-desk ticket.
export { registerChatCommands } from './chat.cli.ts';
export { chatIdleJob } from './chat.jobs.ts';
export { chatRoutes } from './chat.routes.ts';
export { ChatFiguresSchema } from './chat.schemas.ts';
export { type ChatSettings, chatSettings } from './chat.service.ts';
export type { ChatPresence } from './chat.types.ts';
export type { ChatFigures } from './rules/figures.ts';
export { topicName } from './rules/system-text.ts';
export { chatFiguresBetween, purgeChats, releaseChatsOf } from './upkeep.service.ts';
