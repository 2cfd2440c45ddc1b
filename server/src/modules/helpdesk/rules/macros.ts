/**
 * Answer templates (HD-2, "macros"), pure: a supervisor writes the text once with placeholders, the back
 * office drops it into an answer with the ticket's values in. Unknown placeholders are refused when the
 * template is saved, so a citizen never receives a literal `{{…}}`.
 */

export interface MacroValues {
  /** The ticket's number as the citizen sees it: `#123`. */
  number: string;
  requesterName: string | null;
  subject: string;
  queueName: string;
}

const PLACEHOLDERS: Record<string, (v: MacroValues) => string> = {
  numero: (v) => v.number,
  // Without a name the greeting still reads: "Gentile cittadino".
  nome: (v) => v.requesterName?.trim() || 'cittadino',
  oggetto: (v) => v.subject,
  coda: (v) => v.queueName,
};

const PATTERN = /\{\{\s*([a-zA-Z]+)\s*\}\}/g;

/** The placeholders a template uses that do not exist (empty: the template is good). */
export function unknownPlaceholders(body: string): string[] {
  return [...body.matchAll(PATTERN)]
    .map((m) => m[1]!)
    .filter((name) => !(name.toLowerCase() in PLACEHOLDERS));
}

/** The template with the ticket's values in. */
export function expandMacro(body: string, values: MacroValues): string {
  return body.replace(PATTERN, (whole, name: string) => PLACEHOLDERS[name.toLowerCase()]?.(values) ?? whole);
}
