import type { Translate } from '../i18n/i18n.tsx';

const TOPICS = [
  'cancel',
  'move',
  'pay',
  'results',
  'exemption',
  'book',
  'hours',
  'operator',
  'thanks',
  'greeting',
] as const;

/** What a chat is about, as the reception recognised it, in words. */
export function topicLabel(t: Translate, topic: string | null): string {
  const known = (TOPICS as readonly string[]).includes(topic ?? '');
  return known ? t(`chat.topic.${topic as (typeof TOPICS)[number]}`) : t('chat.topic.none');
}

/** A wait as m:ss (or h:mm:ss past an hour). */
export function waited(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}
