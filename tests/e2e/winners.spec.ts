// The Winners view against the real engine on the demo workspace: search the winners most like a
// demo ad, open the DNA comparison, start a draft from it, and run the gate on two edits of the
// draft — a strong creative and a weak one — seeing the verdict change to the engine's own.
import type { Page } from '@playwright/test';
import type { Dna } from '../../contract';
import { expect, test } from './fixtures/test';

const strong: Partial<Record<keyof Dna, string>> = {
  format: 'video', hookType: 'testimonial', hookSeconds: '1.2', durationSeconds: '15', cutsPer10s: '4', textOverlayDensity: '0.2',
  textContrast: '0.95', facesInFirst3s: 'yes', captions: 'yes', offer: 'discount', aspectRatio: '9:16', audio: 'voiceover',
};
const weak: Partial<Record<keyof Dna, string>> = {
  format: 'video', hookType: 'bold_claim', hookSeconds: '5.5', durationSeconds: '45', cutsPer10s: '8', textOverlayDensity: '0.9',
  textContrast: '0.2', facesInFirst3s: 'no', captions: 'no', offer: 'none', aspectRatio: '16:9', audio: 'none',
};
const asDna = (d: Partial<Record<keyof Dna, string>>, base: Dna): Dna => {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(d)) out[k] = v === 'yes' ? true : v === 'no' ? false : /^[\d.]+$/.test(v) && k !== 'aspectRatio' ? Number(v) : v;
  return out as Dna;
};

async function fill(page: Page, d: Partial<Record<keyof Dna, string>>) {
  for (const [field, value] of Object.entries(d)) {
    const el = page.getByTestId(`dna-${field}`);
    if ((await el.evaluate((e) => e.tagName)) === 'SELECT') await el.selectOption(value);
    else await el.fill(value);
  }
}

test('search similar winners for a demo ad, compare, and gate an edited DNA', async ({ page, adloop }) => {
  const status = await adloop.call('winners.status', {});
  expect(status.indexed).toBe(adloop.demo.ads);
  expect(status.winners).toBeGreaterThan(0);
  const ad = (await adloop.call('winners.search', { dna: { format: 'video' }, winnersOnly: false, k: 1 })).neighbours[0]!;
  const expected = await adloop.call('winners.search', { adId: ad.adId, k: 10 });

  await page.goto(`${adloop.url}#/winners`);
  await expect(page.getByTestId('view-winners')).toBeVisible();
  await expect(page.getByTestId('winners-status')).toContainText(`${status.indexed} creatives indexed, ${status.winners} winners`);

  // Typed by name, as a buyer knows it: the picker suggests it and says which ad the text means.
  const [named] = await adloop.call('structure.find', { query: ad.adId, kind: 'ad', limit: 1 });
  expect(named!.id).toBe(ad.adId);
  await page.getByTestId('winners-ad-input').fill(named!.name.slice(0, -1));
  await expect(page.getByTestId('winners-ad-input-options').locator(`option[value="${ad.adId}"]`)).toHaveCount(1);
  await page.getByTestId('winners-ad-input').fill(named!.name);
  await expect(page.getByTestId('winners-ad-input-means')).toContainText(`Ad ${ad.adId}: ${named!.name} · ${named!.adSetName}`);
  await page.getByTestId('winners-search').click();
  await expect(page.locator('#winners-results-title')).toHaveText(`${expected.neighbours.length} most similar winners to ${named!.name}`);
  const table = page.getByTestId('winners-results');
  await expect(table).toHaveAttribute('data-rows', String(expected.neighbours.length));
  const first = expected.neighbours[0]!;
  await expect(page.getByTestId(`similarity-${first.adId}`)).toHaveText(`${first.similarityPct.toFixed(1)} %`);
  const rowIds = await table.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-testid')!.slice('neighbour-'.length)));
  expect(rowIds).toEqual(expected.neighbours.map((n) => n.adId));

  // The comparison, side by side: one row per DNA field, statuses as the engine computed them.
  await page.getByTestId(`compare-${first.adId}`).click();
  const cmp = page.getByTestId('winners-comparison');
  await expect(cmp).toBeVisible();
  await expect(cmp.locator('tbody tr')).toHaveCount(16);
  for (const c of first.comparison) await expect(page.getByTestId(`cmp-${c.field}`)).toHaveAttribute('data-status', c.status);

  // A draft from the neighbour's DNA, edited two ways; the gate's verdict follows the edits.
  await page.getByTestId('use-neighbour-dna').click();
  await expect(page.getByTestId('dna-form')).toBeVisible();
  if (first.dna.format) await expect(page.getByTestId('dna-format')).toHaveValue(first.dna.format);

  await fill(page, strong);
  const strongGate = await adloop.call('winners.gate', { dna: asDna(strong, first.dna), record: false });
  await page.getByTestId('winners-gate').click();
  await expect(page.getByTestId('gate-decision')).toHaveText(strongGate.decision);
  await expect(page.getByTestId('gate-result')).toContainText('Predicted CTR');
  await expect(page.getByTestId('battle-plan')).toBeVisible();

  await fill(page, weak);
  const weakGate = await adloop.call('winners.gate', { dna: asDna(weak, first.dna), record: false });
  expect(weakGate.decision).not.toBe(strongGate.decision);
  await page.getByTestId('winners-gate').click();
  await expect(page.getByTestId('gate-decision')).toHaveText(weakGate.decision);
  await expect(page.getByTestId('gate-recommendation')).toHaveText(weakGate.recommendation);

  // Named, the ad set it will run in moves the prediction to that audience.
  await expect(page.getByTestId('gate-context')).toContainText('For an average audience');
  const setId = (await adloop.call('winners.gate', { adId: ad.adId, record: false })).adSetId!;
  const inSet = await adloop.call('winners.gate', { dna: asDna(weak, first.dna), adSetId: setId, record: false });
  const [set] = await adloop.call('structure.find', { query: setId, kind: 'adSet', limit: 1 });
  await page.getByTestId('winners-adset-input').fill(set!.name);
  await expect(page.getByTestId('winners-adset-input-means')).toContainText(`Ad set ${setId}`);
  await page.getByTestId('winners-gate').click();
  await expect(page.getByTestId('gate-context')).toContainText(`For ad set ${setId}, whose ads run at ${inSet.contextRatio.toFixed(2)}× the account CTR`);
  await expect(page.getByTestId('gate-decision')).toHaveText(inSet.decision);
  await page.getByTestId('winners-adset-input').fill('');

  // A malformed field is refused by the engine, named by the form, and nothing is gated.
  await page.getByTestId('dna-hookSeconds').fill('three');
  await page.getByTestId('winners-gate').click();
  await expect(page.getByTestId('dna-hookSeconds-error')).toBeVisible();
  await expect(page.getByTestId('dna-invalid')).toContainText('hookSeconds');
  await expect(page.getByTestId('gate-result')).toHaveCount(0);
});
