// The Fatigue view against the real engine: `adloop serve` scans the demo workspace on start
// (the schedule is due on a new workspace); its fatiguing ads are listed with their chart and
// evidence, the nav shows the count of new findings, and their proposals are in Approvals.
import { expect, test } from './fixtures/test';

test('a demo workspace with fatiguing ads shows them in Fatigue with chart and evidence, and their proposals in Approvals', async ({ page, adloop }) => {
  // The scheduled scan runs in the background after `serve` starts.
  await expect.poll(async () => (await adloop.call('fatigue.schedule', {})).lastScan?.status ?? null, { timeout: 60_000 }).toBe('done');
  const schedule = await adloop.call('fatigue.schedule', {});
  expect(schedule.lastScan!.trigger).toBe('schedule');
  expect(schedule.nextDueAt).not.toBeNull();
  const flagged = await adloop.call('fatigue.latest', { statuses: ['FATIGUING', 'SATURATED', 'AUDIENCE_EXHAUSTED'] });
  expect(flagged.total).toBeGreaterThan(0);
  const fresh = await adloop.call('fatigue.latest', { newOnly: true, limit: 1 });

  await page.goto(`${adloop.url}#/fatigue`);
  await expect(page.getByTestId('view-fatigue')).toBeVisible();
  await expect(page.getByTestId('nav-fatigue-badge')).toHaveText(String(fresh.total));

  const table = page.getByTestId('fatigue-table');
  await expect(table.locator('tbody tr')).toHaveCount(Math.min(flagged.total, 500));
  const first = flagged.findings[0]!;
  await expect(page.getByTestId(`fatigue-status-${first.adId}`)).toHaveText(/Fatiguing|Saturated|Audience exhausted/);

  // Open a fatiguing ad: its chart marks the baseline and the onset; the evidence is in words.
  const fatiguing = flagged.findings.find((f) => f.status === 'FATIGUING' && f.changeId !== null)!;
  expect(fatiguing).toBeDefined();
  await page.getByTestId(`fatigue-open-${fatiguing.adId}`).click();
  const detail = page.getByTestId('fatigue-detail');
  await expect(detail).toHaveAttribute('data-ad-id', fatiguing.adId);
  const chart = page.getByTestId('fatigue-chart');
  await expect(chart).toHaveAttribute('data-onset', fatiguing.onsetDay!);
  await expect(chart).toHaveAttribute('data-baseline', /^\d{4}-\d{2}-\d{2}\/\d{4}-\d{2}-\d{2}$/);
  await expect(chart.locator('.recharts-wrapper')).toHaveCount(3);
  // The onset line and the baseline's shaded days are drawn on the chart, labelled.
  await expect(chart.locator('text', { hasText: 'onset' }).first()).toBeVisible();
  await expect(chart.locator('text', { hasText: 'baseline' }).first()).toBeVisible();
  await expect.poll(() => chart.locator('.recharts-reference-area').count()).toBe(3);
  await expect(page.getByTestId('fatigue-sentence')).toHaveText(fatiguing.sentence);
  await expect(page.getByTestId('fatigue-evidence')).toContainText('Launch baseline');
  await expect(page.getByTestId('fatigue-evidence')).toContainText(`Onset: ${fatiguing.onsetDay}.`);

  // Filters: Healthy only shows healthy ads; search narrows by name.
  await page.getByTestId('fatigue-chip-FATIGUING').click();
  await page.getByTestId('fatigue-chip-SATURATED').click();
  await page.getByTestId('fatigue-chip-AUDIENCE_EXHAUSTED').click();
  await page.getByTestId('fatigue-chip-HEALTHY').click();
  await expect(page.getByTestId('fatigue-chip-HEALTHY')).toHaveAttribute('aria-pressed', 'true');
  await expect(table.locator('.fatigue-status').first()).toHaveText('Healthy');
  await expect(table.locator('.fatigue-status', { hasText: 'Fatiguing' })).toHaveCount(0);
  await page.getByTestId('fatigue-chip-HEALTHY').click();
  await page.getByTestId('fatigue-chip-FATIGUING').click();
  await page.getByTestId('fatigue-search').fill(fatiguing.adName);
  await expect(page.getByTestId(`fatigue-row-${fatiguing.adId}`)).toBeVisible();
  await page.screenshot({ path: 'test-results/fatigue.png', fullPage: true });

  // Its proposal is in Approvals, from the fatigue detector.
  await page.getByTestId(`fatigue-open-${fatiguing.adId}`).click();
  await expect(page.getByTestId('fatigue-proposal-link')).toHaveText(`Proposal #${fatiguing.changeId} in Approvals`);
  await page.getByTestId('fatigue-proposal-link').click();
  await expect(page.getByTestId('view-approvals')).toBeVisible();
  const row = page.getByTestId(`approval-row-${fatiguing.changeId}`);
  await expect(row).toBeVisible();
  await expect(row).toContainText(/Creative fatigue \(FATIGUING\)/);
  await expect(page.getByTestId(`approval-state-${fatiguing.changeId}`)).toHaveText('Proposed');
  const queue = await adloop.call('approvals.list', { limit: 10_000 });
  const fromFatigue = queue.filter((q) => q.origin === 'fatigue');
  expect(fromFatigue.length).toBe(flagged.findings.filter((f) => f.changeId !== null).length);
});
