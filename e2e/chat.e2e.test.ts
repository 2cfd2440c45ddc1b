import { readFile } from 'node:fs/promises';
import { describe, expect, inject, it } from 'vitest';
import { expectAccessible, login, newPage, pageErrors, screenshot, useBrowser } from './support/browser.ts';

/*
 * CC-10: a citizen writes in the portal's chat; the automatic reception answers with the page to move a
 * booking on; they ask for a person, wait in the queue, and an operator answers from the chat desk,
 * named to the citizen by their code; the citizen rates the chat; the supervisor sees it on the wallboard.
 */

describe('the chat in the browser', () => {
  const baseUrl = inject('baseUrl');
  const browser = useBrowser();

  it('a citizen talks to the reception, then to an operator, and rates the chat', async () => {
    const citizen = await newPage(browser(), baseUrl);
    await citizen.setViewportSize({ width: 1280, height: 720 });
    await citizen.goto('/portale');
    await citizen.getByRole('link', { name: 'Hai una domanda? Scrivici in chat' }).click();
    await citizen.getByRole('heading', { level: 1, name: 'Chat con il CUP' }).waitFor();
    expect(await citizen.getByRole('note').textContent()).toContain("L'assistente non è una persona");
    await citizen.getByLabel('Scrivi di cosa hai bisogno').fill("Vorrei spostare l'appuntamento di giovedì");
    await citizen.keyboard.press('Enter');
    const log = citizen.getByRole('log', { name: 'Conversazione' });
    await log.getByRole('link', { name: 'Gestisci una prenotazione' }).waitFor();
    expect(await log.getByRole('link', { name: 'Gestisci una prenotazione' }).getAttribute('href')).toBe(
      '/portale/gestisci',
    );
    await expectAccessible(citizen, "the chat's automatic reception");
    await log.getByRole('button', { name: 'Parla con un operatore' }).click();
    await citizen.getByText(/Sei in coda: posizione \d+/).waitFor();

    const operator = await newPage(browser(), baseUrl);
    await operator.setViewportSize({ width: 1280, height: 720 });
    await login(operator, 'operatore');
    // The console, beside the phone, says a chat is waiting and leads to the desk.
    await operator.goto('/console');
    const notice = operator.getByTestId('chat-notice');
    await notice.getByText(/\d+ in attesa, la più lunga da \d+:\d\d/).waitFor();
    await screenshot(operator, '77-console-chat-notice');
    await notice.getByRole('link', { name: 'Apri le chat' }).click();
    await operator.getByRole('heading', { level: 1, name: 'Chat' }).waitFor();
    await operator
      .getByRole('button', { name: /Rispondi alla chat \d+ in attesa \(Spostamento\)/ })
      .first()
      .click();
    const desk = operator.getByRole('log', { name: 'Conversazione' });
    await desk.getByText("Vorrei spostare l'appuntamento di giovedì").waitFor();
    await operator.getByLabel('La tua risposta').fill('Buongiorno, mi dica il codice della prenotazione.');
    await operator.keyboard.press('Enter');
    await desk.getByText('Buongiorno, mi dica il codice della prenotazione.').waitFor();
    await expectAccessible(operator, 'the chat desk');
    await screenshot(operator, '75-chat-desk');

    // The citizen sees who answers, by the operator's code, and the answer.
    await citizen
      .getByText(/Ti risponde l'operatore \S+\./, { exact: false })
      .first()
      .waitFor();
    const answer = log.getByText('Buongiorno, mi dica il codice della prenotazione.');
    await answer.waitFor();
    expect(await answer.locator('xpath=ancestor::li').textContent()).toMatch(/Operatore \S+/);
    await citizen.getByLabel('Scrivi un messaggio').fill('Non lo trovo, grazie');
    await citizen.keyboard.press('Enter');
    await desk.getByText('Non lo trovo, grazie').waitFor({ timeout: 10_000 });
    // HD-3: the citizen sends the prescription; the operator downloads the very same file.
    const pdf = Buffer.from(
      '%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n',
    );
    await citizen
      .getByLabel('Invia un documento all’operatore (ad esempio la ricetta)')
      .setInputFiles({ name: 'ricetta.pdf', mimeType: 'application/pdf', buffer: pdf });
    await log.getByText('Documento inviato: ricetta.pdf (1 kB)').waitFor();
    await screenshot(citizen, '76-chat-citizen');
    const link = desk.getByRole('link', { name: 'Scarica il documento ricetta.pdf' });
    await link.waitFor({ timeout: 10_000 });
    const [download] = await Promise.all([operator.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toBe('ricetta.pdf');
    expect((await readFile(await download.path())).equals(pdf)).toBe(true);

    await operator.getByRole('button', { name: 'Chiudi la chat' }).click();
    await citizen.getByText('La chat è terminata.', { exact: true }).first().waitFor({ timeout: 10_000 });
    await citizen.getByText('4 – buona', { exact: true }).click();
    await citizen.getByRole('button', { name: 'Invia la valutazione' }).click();
    await citizen.getByText('Grazie per la tua valutazione.').waitFor();
    await expectAccessible(citizen, 'a chat ended and rated');
    expect(pageErrors(citizen)).toEqual([]);
    expect(pageErrors(operator)).toEqual([]);
    await citizen.close();
    await operator.close();
  });

  it("the reception reads with the region's language model what its word lists miss (CC-10)", async () => {
    const citizen = await newPage(browser(), baseUrl);
    await citizen.setViewportSize({ width: 1280, height: 720 });
    await citizen.goto('/portale/chat');
    await citizen
      .getByLabel('Scrivi di cosa hai bisogno')
      .fill('Il dottore mi ha dato il foglio rosa: e ora?');
    await citizen.keyboard.press('Enter');
    const log = citizen.getByRole('log', { name: 'Conversazione' });
    // The written answer for a booking, with its page: the model chose the intent, not the words.
    await log.getByText('Puoi prenotare da solo in "Prenota una prestazione"', { exact: false }).waitFor();
    expect(await log.getByRole('link', { name: 'Prenota una prestazione' }).getAttribute('href')).toBe(
      '/portale/prenota',
    );
    await expectAccessible(citizen, 'the reception answering what the model read');
    expect(pageErrors(citizen)).toEqual([]);
  });

  it("the supervisor sees the day's chats on the wallboard", async () => {
    const page = await newPage(browser(), baseUrl);
    await page.setViewportSize({ width: 1280, height: 720 });
    await login(page, 'supervisore');
    await page.goto('/wallboard');
    const chat = page.getByTestId('wb-chat');
    await chat.waitFor();
    const row = chat.getByRole('row', { name: /Risposte da un operatore/ });
    await expect.poll(() => row.textContent(), { timeout: 10_000 }).toMatch(/entro 60 s/);
    expect(await chat.getByRole('row', { name: /Valutazione media/ }).textContent()).toMatch(/su 5/);
    await expectAccessible(page, 'the wallboard with the chat');
    expect(pageErrors(page)).toEqual([]);
    await page.close();
  });
});
