import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import { renderApp } from '../test/render.tsx';
import { FilePicker } from './FilePicker.tsx';

function Field({ multiple = false, seen }: { multiple?: boolean; seen: File[][] }) {
  const [files, setFiles] = useState<File[]>([]);
  return (
    <>
      <p id="title">Documenti allegati</p>
      <p id="hint">PDF o immagini</p>
      <FilePicker
        id="f"
        labelledBy="title"
        describedBy="hint"
        accept=".pdf"
        multiple={multiple}
        files={files}
        onFiles={(f) => {
          seen.push(f);
          setFiles(f);
        }}
      />
    </>
  );
}

describe('a file field in the app’s words', () => {
  it('is named by its title, says nothing is chosen, then names the files chosen with their size', async () => {
    const seen: File[][] = [];
    renderApp(<Field multiple seen={seen} />);
    const input = screen.getByLabelText('Documenti allegati');
    expect(input).toHaveAttribute('type', 'file');
    expect(input).toHaveAccessibleDescription('Nessun file scelto. PDF o immagini');
    expect(screen.getByText('Scegli i file')).toBeInTheDocument();
    const a = new File(['x'.repeat(3000)], 'lettera.pdf', { type: 'application/pdf' });
    const b = new File(['y'], 'ricetta.pdf', { type: 'application/pdf' });
    await userEvent.upload(input, [a, b]);
    expect(seen).toEqual([[a, b]]);
    // 3000 bytes are 3 kB rounded; one byte is shown as 1 kB, never 0.
    expect(input).toHaveAccessibleDescription(
      'Scelto: lettera.pdf (3 kB), ricetta.pdf (1 kB) PDF o immagini',
    );
  });

  it('in English too', () => {
    renderApp(<Field seen={[]} />, { lang: 'en' });
    expect(screen.getByText('Choose the file')).toBeInTheDocument();
    expect(screen.getByText('No file chosen.')).toBeInTheDocument();
  });
});
