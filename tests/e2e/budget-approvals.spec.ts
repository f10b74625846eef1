// The Budget and Approvals views against the real engine: allocate through the form, decide on
// three proposals in the Budget table, and find the same three — with their histories — in the
// Approvals queue and in the engine itself.
import type { Page } from '@playwright/test';
import type { Account, Allocation, Recommendation } from '../../contract';
import { expect, test } from './fixtures/test';

const usd = (minor: number) => new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }).format(minor / 100);

/** The change ids of the rows that await a decision, top to bottom. */
async function proposedIds(page: Page, n: number): Promise<number[]> {
  const approve = page.getByTestId('budget-table').locator('[data-testid^="approve-"]');
  await expect.poll(() => approve.count(), { message: 'rows awaiting a decision' }).toBeGreaterThanOrEqual(n);
  const ids = await approve.evaluateAll((els) => els.map((el) => Number(el.getAttribute('data-testid')!.slice('approve-'.length))));
  return ids.slice(0, n);
}

test('allocate in Budget, approve two and reject one; Approvals and the engine agree', async ({ page, adloop }) => {
  const accounts = await adloop.call('accounts.list', {});
  expect(accounts).toHaveLength(1);
  expect(accounts[0]!.currency).toBe('USD');

  await page.goto(`${adloop.url}#/budget`);
  await expect(page.getByTestId('view-budget')).toBeVisible();
  if ((await adloop.call('budget.latest', {})) === null) {
    await expect(page.getByTestId('budget-empty')).toContainText('Enter a total daily budget and press Allocate');
    // With no run yet, the form starts from what the account spends a day now.
    await expect(page.getByTestId('budget-total-input')).toHaveValue((accounts[0]!.dailyBudget / 100).toFixed(2));
  }

  // Today's budgets, from a run that proposes nothing; allocating their sum keeps every change inside the cap.
  const dry = await adloop.call('budget.allocate', { total: 100_000, propose: false });
  const current = dry.recommendations.reduce((s, r) => s + (r.currentBudget ?? 0), 0);
  expect(current % 100).toBe(0);
  // accounts.list says what the account spends a day now: the same holders' sum.
  expect(accounts[0]!.dailyBudget).toBe(current);
  await expect(page.getByTestId('budget-current-total')).toContainText(usd(current));

  // The view shows that run (and fills the form with its total) when the engine says the
  // workspace changed: wait for it, so it does not land in the middle of our typing.
  await expect(page.getByTestId('budget-run')).toHaveAttribute('data-run-id', String(dry.runId));

  const input = page.getByTestId('budget-total-input');
  await input.fill(`${current / 100}.005`);
  await expect(page.getByTestId('budget-total-error')).toHaveText('USD amounts have at most 2 decimals.');
  await expect(input).toHaveAttribute('aria-invalid', 'true');
  await input.fill(`${current / 100}`);
  await expect(page.getByTestId('budget-total-error')).toHaveCount(0);
  await input.press('Enter');

  const runPanel = page.getByTestId('budget-run');
  await expect.poll(async () => Number(await runPanel.getAttribute('data-run-id')), { timeout: 30_000 }).toBeGreaterThan(dry.runId);
  const run = (await adloop.call('budget.latest', {}))!;
  await expect(runPanel).toHaveAttribute('data-run-id', String(run.runId));
  expect(run.total).toBe(current);
  await expect(page.getByTestId('run-total')).toHaveText(usd(current));
  await expect(page.getByTestId('budget-table')).toHaveAttribute('data-rows', String(run.recommendations.length));

  const [a, b, c, d] = await proposedIds(page, 4);
  for (const id of [a, b, c, d]) await expect(page.getByTestId(`state-${id}`)).toHaveText('Proposed');

  // One approval from its row, one from the selection, one rejection.
  await page.getByTestId(`approve-${a}`).click();
  await expect(page.getByTestId(`state-${a}`)).toHaveText('Approved');
  // From the keyboard: Space ticks the row's checkbox, Tab reaches the row's name, with a visible ring.
  await page.getByTestId(`select-${b}`).focus();
  await page.keyboard.press('Space');
  await expect(page.getByTestId(`select-${b}`)).toBeChecked();
  await page.keyboard.press('Tab');
  const nameB = page.locator(`[data-change-id="${b}"] .holder-name`);
  await expect(nameB).toBeFocused();
  expect(await nameB.evaluate((el) => getComputedStyle(el).outlineStyle)).not.toBe('none');
  await expect(page.getByTestId('budget-batch-approve')).toHaveText('Approve 1');
  await page.getByTestId('budget-batch-approve').click();
  await expect(page.getByTestId(`state-${b}`)).toHaveText('Approved');
  await page.getByTestId(`reject-${c}`).click();
  await expect(page.getByTestId(`state-${c}`)).toHaveText('Rejected');
  await expect(page.getByTestId(`approve-${a}`)).toHaveCount(0);

  // An edited amount ten times the proposal breaks the daily cap: refused next to the input, nothing changes.
  const rowD = page.locator(`[data-change-id="${d}"]`);
  await rowD.locator('.holder-name').click();
  await expect(rowD.locator('.holder-name')).toHaveAttribute('aria-expanded', 'true');
  const recD = run.recommendations.find((r) => r.changeId === d)!;
  await page.getByTestId(`amount-${d}`).fill(String((recD.recommendedBudget * 10) / 100));
  await page.getByTestId(`approve-amount-${d}`).click();
  await expect(page.getByTestId(`amount-message-${d}`)).toContainText('GuardrailViolation');
  await expect(page.getByTestId(`amount-message-${d}`)).toContainText('guardrail');
  await expect(page.getByTestId(`refusal-${d}`)).toBeVisible();
  await expect(page.getByTestId(`state-${d}`)).toHaveText('Proposed');

  await page.screenshot({ path: 'test-results/budget.png', fullPage: true });

  // The engine agrees.
  const queue = await adloop.call('approvals.list', { limit: 10_000 });
  const stateOf = (id: number) => queue.find((q) => q.id === id)?.state;
  expect([stateOf(a!), stateOf(b!), stateOf(c!), stateOf(d!)]).toEqual(['approved', 'approved', 'rejected', 'proposed']);
  // …also when asked the way a script would, with the token header.
  const res = await fetch(`${adloop.origin}/rpc/approvals.list`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-adloop-token': adloop.token },
    body: JSON.stringify({ states: ['approved', 'rejected'] }),
  });
  expect(res.status).toBe(200);
  const body = (await res.json()) as { ok: boolean; result: Array<{ id: number; state: string }> };
  expect(body.ok).toBe(true);
  expect(body.result.filter((x) => [a, b, c].includes(x.id)).map((x) => [x.id, x.state]).sort()).toEqual(
    [
      [a, 'approved'],
      [b, 'approved'],
      [c, 'rejected'],
    ].sort(),
  );

  // The Approvals view: approved ones by default, the rejected one once its chip is on.
  await page.getByTestId('nav-approvals').click();
  await expect(page.getByTestId('view-approvals')).toBeVisible();
  await expect(page.getByTestId(`approval-state-${a}`)).toHaveText('Approved');
  await expect(page.getByTestId(`approval-state-${b}`)).toHaveText('Approved');
  await expect(page.getByTestId(`approval-state-${d}`)).toHaveText('Proposed');
  await expect(page.getByTestId(`approval-row-${c}`)).toHaveCount(0);
  await page.getByTestId('chip-rejected').click();
  await expect(page.getByTestId('chip-rejected')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId(`approval-state-${c}`)).toHaveText('Rejected');

  for (const [id, to] of [
    [a, 'approved'],
    [b, 'approved'],
    [c, 'rejected'],
  ] as const) {
    await page.getByTestId(`expand-${id}`).click();
    const history = page.getByTestId(`history-${id}`);
    await expect(history.locator('li')).toHaveCount(2);
    await expect(history.locator('li').nth(0)).toHaveAttribute('data-to', 'proposed');
    await expect(history.locator('li').nth(1)).toHaveAttribute('data-from', 'proposed');
    await expect(history.locator('li').nth(1)).toHaveAttribute('data-to', to);
    await expect(history.locator('li').nth(1)).toContainText('by user');
    const steps = await adloop.call('approvals.history', { id: id! });
    expect(steps.map((s) => [s.fromState, s.toState])).toEqual([
      [null, 'proposed'],
      ['proposed', to],
    ]);
  }
  // Only the decided ones, histories open, for the screenshot.
  await page.getByTestId('chip-proposed').click();
  await expect(page.getByTestId(`approval-row-${d}`)).toHaveCount(0);
  await expect(page.getByTestId(`history-${a}`)).toBeVisible();
  await page.screenshot({ path: 'test-results/approvals.png', fullPage: true });
});

function syntheticRun(account: Account, n: number): Allocation {
  const recommendations: Recommendation[] = Array.from({ length: n }, (_, i) => ({
    holderType: 'ad_set',
    holderId: `h${i}`,
    holderName: `Ad set ${i}`,
    campaignName: `Campaign ${i % 40}`,
    action: 'set_budget',
    // Descending, so the table's default order (by recommended budget) is the index order.
    currentBudget: 100_000,
    recommendedBudget: 130_000 - i * 6,
    changePct: (30_000 - i * 6) / 1000,
    pBest: 1 / n,
    ctr: { mean: 0.015, low: 0.012, high: 0.018 },
    pipelineRoas: { mean: 1.2, low: 0.8, high: 1.7 },
    posterior: { mu: Math.log(1.2), sigma: 0.2 + (i % 5) * 0.05 },
    pipelineWeight: 0.4,
    expectedValue: 12_000,
    ignorance: i % 9 === 0,
    bindings: i % 11 === 0 ? ['cap_up'] : [],
    evidence: { impressions: 10_000, clicks: 150, spend: 10_000, deals: 1, value: 12_000, days: 30 },
    reason: `Row ${i}: synthetic.`,
    changeId: null,
  }));
  return {
    runId: 999_999,
    accountId: account.id,
    currency: account.currency,
    currencyOffset: account.currencyOffset,
    total: n * 10_000,
    windowStart: '2026-01-01',
    windowEnd: '2026-01-31',
    halfLifeDays: 7,
    objective: 'pipeline_roas',
    method: 'quadrature',
    recommendations,
    adPauses: [],
    notes: [],
    proposed: 0,
    queued: 0,
    ms: 0,
  };
}

test('10,000 holders: the table renders only the rows in view and scrolls to the last one', async ({ page, adloop }) => {
  const [account] = await adloop.call('accounts.list', {});
  const run = syntheticRun(account!, 10_000);
  await page.route('**/rpc/budget.latest', (route) => route.fulfill({ json: { id: 0, ok: true, result: run } }));
  await page.goto(`${adloop.url}#/budget`);

  const table = page.getByTestId('budget-table');
  await expect(table).toHaveAttribute('data-rows', '10000');
  await expect(page.getByTestId('budget-row-h0')).toBeVisible();
  const rendered = () => table.locator('tr.holder-row').count();
  expect(await rendered()).toBeLessThan(60);

  // Scroll like a wheel does, 120 px a frame (two new rows each time), and time the frames. The
  // bound is loose: CI machines paint in software; a full re-render of 10,000 rows takes seconds.
  const frames = await table.evaluate(async (el) => {
    const times: number[] = [];
    const frame = () => new Promise<number>((r) => requestAnimationFrame(r));
    let last = await frame();
    for (let i = 1; i <= 90; i++) {
      el.scrollTop += 120;
      const t = await frame();
      times.push(t - last);
      last = t;
    }
    return times.sort((x, y) => x - y);
  });
  expect(frames[Math.floor(frames.length / 2)]!, 'median frame time while scrolling (ms)').toBeLessThan(100);
  expect(await rendered()).toBeLessThan(60);
  await expect(page.getByTestId('budget-row-h200')).toBeVisible();
  await table.evaluate((el) => {
    el.scrollTop = el.scrollHeight;
  });
  await expect(page.getByTestId('budget-row-h9999')).toBeVisible();
  expect(await rendered()).toBeLessThan(60);

  // Filters work on all 10,000, not just the rendered window.
  await page.getByTestId('budget-search').fill('Ad set 9998');
  await expect(page.getByTestId('budget-shown')).toHaveText('1 of 10,000 holders');
  await expect(page.getByTestId('budget-row-h9998')).toBeVisible();
});
