import type { HelpdeskQueue } from './api.ts';

/** The queues of competence as a select's options (new ticket, escalation, templates). */
export function QueueOptions({ queues }: { queues: readonly HelpdeskQueue[] }) {
  return queues.map((q) => (
    <option key={q.id} value={q.id}>
      {q.name}
    </option>
  ));
}
