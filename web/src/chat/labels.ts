import type { MessageKey, Translate } from '../i18n/i18n.tsx';
import type { Schema } from '../lib/openapi.ts';

type Topic = NonNullable<Schema<'StaffChat'>['topic']>;

/** Each topic the server's reception names (its union, generated from the API), in words. */
const TOPICS: Record<Topic, MessageKey> = {
  operator: 'chat.topic.operator',
  cancel: 'chat.topic.cancel',
  move: 'chat.topic.move',
  pay: 'chat.topic.pay',
  results: 'chat.topic.results',
  exemption: 'chat.topic.exemption',
  book: 'chat.topic.book',
  hours: 'chat.topic.hours',
  thanks: 'chat.topic.thanks',
  greeting: 'chat.topic.greeting',
};

/** What a chat is about, as the reception recognised it, in words. */
export function topicLabel(t: Translate, topic: Topic | null): string {
  return t(topic ? TOPICS[topic] : 'chat.topic.none');
}

/** A wait as m:ss (or h:mm:ss past an hour). */
export function waited(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}
