// The Learning view against the real engine: run the cycle from the view, watch its seven steps
// finish, find the run in the history and its budget proposals in Approvals; a second run adds
// a point to the forecast-error chart.
import { expect, test } from './fixtures/test';

test('run the learning cycle from the Learning view; its proposals wait in Approvals', async ({ page, adloop }) => {
  await page.goto(`${adloop.url}#/learning`);
  await expect(page.getByTestId('view-learning')).toBeVisible();
  const before = await adloop.call('learning.runs', {});
  if (before.length === 0) await expect(page.getByTestId('learning-empty')).toContainText('No cycle has run yet');

  await page.getByRole('button', { name: 'Run the cycle now' }).click();
  const steps = page.getByTestId('learning-steps');
  await expect(steps.locator('.learning-step')).toHaveCount(7);
  await expect(page.getByTestId('learning-run-state')).toHaveText('Done', { timeout: 60_000 });
  await expect(page.getByTestId('step-posteriors')).toHaveAttribute('data-state', 'done');
  await expect(page.getByTestId('step-posteriors')).toContainText(/Posteriors updated: \d+/);
  await expect(page.getByTestId('step-pull-meta')).toHaveAttribute('data-state', 'skipped');
  await expect(page.getByTestId('step-score-and-propose')).toContainText(/Proposals in queue: \d+/);
  for (const bar of await steps.getByRole('progressbar').all()) await expect(bar).toHaveAttribute('aria-valuenow', '100');

  const [run] = await adloop.call('learning.runs', { limit: 1 });
  expect(run?.state).toBe('done');
  await expect(page.getByTestId(`learning-run-${run!.id}`)).toContainText('Done');
  const queued = run!.steps.find((s) => s.id === 'score-and-propose')!.counts.proposalsInQueue!;
  expect(queued).toBeGreaterThan(0);

  // The proposals wait for a person in Approvals. (The run also links changes someone already
  // decided on, when it would propose them again word for word: those keep their decision.)
  const proposed = (await adloop.call('approvals.list', { states: ['proposed'] })).filter((c) => c.origin === 'sampler');
  expect(proposed.length).toBeGreaterThan(0);
  expect(proposed.length).toBeLessThanOrEqual(queued);
  await page.getByTestId('nav-approvals').click();
  await expect(page.getByTestId('approvals-count')).toContainText(/\d+ change/);

  // A second cycle: the chart of forecast error has two points now.
  await page.getByTestId('nav-learning').click();
  await page.getByRole('button', { name: 'Run the cycle now' }).click();
  await expect.poll(async () => (await adloop.call('learning.runs', {})).filter((r) => r.state === 'done').length, { timeout: 60_000 }).toBe(before.length + 2);
  await expect(page.getByTestId('learning-quality').locator('.recharts-line')).toHaveCount(1);
  await expect(page.getByTestId('learning-history').locator('tbody tr')).toHaveCount(before.length + 2);
});
