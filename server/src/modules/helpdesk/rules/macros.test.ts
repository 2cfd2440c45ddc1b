import { describe, expect, it } from 'vitest';
import { expandMacro, unknownPlaceholders } from './macros.ts';

describe('answer templates', () => {
  const values = { number: '#12', requesterName: null, subject: 'Bollo', queueName: 'Tributi regionali' };

  it('puts the ticket in, greets a citizen without a name, and keeps spacing and case variants', () => {
    expect(
      expandMacro('Gentile {{nome}}, la richiesta {{ numero }} ({{Oggetto}}) è a {{coda}}.', values),
    ).toBe('Gentile cittadino, la richiesta #12 (Bollo) è a Tributi regionali.');
  });

  it('names the placeholders that do not exist, and only those', () => {
    expect(unknownPlaceholders('{{nome}} {{importo}} {{scadenza}} {single}')).toEqual([
      'importo',
      'scadenza',
    ]);
    expect(unknownPlaceholders('Nessun segnaposto')).toEqual([]);
  });
});
