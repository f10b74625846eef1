import type { Account, Output } from '../../contract';
import { expect, test } from './fixtures/test';

type Summary = Output<'workspace.summary'>;

const HEADLINES: Array<[testId: string, pick: (s: Summary) => number | null]> = [
  ['spend', (s) => s.totals.spend],
  ['impressions', (s) => s.totals.impressions],
  ['clicks', (s) => s.totals.clicks],
  ['ctr', (s) => s.totals.ctr],
  ['pipeline-value', (s) => s.totals.pipelineValue],
  ['pipeline-roas', (s) => s.totals.pipelineRoas],
  ['deals', (s) => s.totals.deals],
];

/** What the page must print for an amount, given the account's currency offset (Meta's convention). */
function money(minor: number, currency: string, accounts: Account[]): string {
  const offset = accounts.find((a) => a.currency === currency)?.currencyOffset ?? 100;
  const digits = offset === 100 ? 2 : 0;
  return new Intl.NumberFormat('en-US', { style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: digits }).format(minor / offset);
}

async function expectHeadlines(page: import('@playwright/test').Page, summary: Summary, accounts: Account[]) {
  for (const [id, pick] of HEADLINES) {
    const v = pick(summary);
    await expect(page.getByTestId(`headline-${id}`), `headline ${id}`).toHaveAttribute('data-value', v === null ? '' : String(v));
  }
  await expect(page.getByTestId('headline-window')).toHaveAttribute('data-value', `${summary.totals.firstDay}/${summary.totals.lastDay}`);
  await expect(page.getByTestId('headline-impressions').locator('.headline-value')).toHaveText(new Intl.NumberFormat('en-US').format(summary.totals.impressions));
  await expect(page.getByTestId('headline-clicks').locator('.headline-value')).toHaveText(new Intl.NumberFormat('en-US').format(summary.totals.clicks));
  const spend = page.getByTestId('headline-spend').locator('.headline-value');
  if (summary.currency) await expect(spend).toHaveText(money(summary.totals.spend, summary.currency, accounts));
  else await expect(spend).toHaveText('Mixed currencies');
}

test('the Overview shows the demo workspace with the engine’s own numbers and a daily chart', async ({ page, adloop }) => {
  const summary = await adloop.call('workspace.summary', {});
  const accounts = await adloop.call('accounts.list', {});
  const daily = await adloop.call('workspace.daily', {});
  expect(summary.isEmpty).toBe(false);
  expect(accounts.length).toBe(adloop.demo.accounts);
  expect(daily.days.length).toBeGreaterThan(0);

  await page.goto(adloop.url);
  await expect(page.getByTestId('view-overview')).toBeVisible();
  // The token leaves the address bar once the page has it.
  await expect.poll(() => new URL(page.url()).searchParams.has('token')).toBe(false);

  await expectHeadlines(page, summary, accounts);

  const chart = page.getByTestId('daily-chart');
  await expect(chart.locator('.recharts-wrapper > svg')).toBeVisible();
  await expect(chart.locator('path.recharts-curve').first()).toBeVisible();
  // Every day the engine returned is in the chart's table view.
  await expect(page.locator('.chart-table tbody tr')).toHaveCount(daily.days.length);

  const rows = page.getByTestId('account-row');
  await expect(rows).toHaveCount(accounts.length);
  for (const a of accounts) await expect(page.locator(`[data-account-id="${a.id}"]`)).toContainText(a.name);

  await page.screenshot({ path: 'test-results/overview.png', fullPage: true });
});

test('choosing one account shows that account’s numbers, in its currency', async ({ page, adloop }) => {
  const accounts = await adloop.call('accounts.list', {});
  const account = accounts[accounts.length - 1]!;
  const summary = await adloop.call('workspace.summary', { accountId: account.id });
  expect(summary.currency).toBe(account.currency);

  await page.goto(adloop.url);
  await page.getByLabel('Account', { exact: true }).selectOption(account.id);
  await expectHeadlines(page, summary, accounts);
  await expect(page.locator(`[data-account-id="${account.id}"]`).getByRole('button', { name: account.name })).toHaveAttribute('aria-pressed', 'true');

  // The account's name in the table toggles the same filter: off for the chosen one, on for another.
  const rowButton = (a: Account) => page.locator(`[data-account-id="${a.id}"]`).getByRole('button', { name: a.name });
  await rowButton(account).click();
  await expect(page.getByLabel('Account', { exact: true })).toHaveValue('');
  await expectHeadlines(page, await adloop.call('workspace.summary', {}), accounts);
  const first = accounts[0]!;
  await rowButton(first).click();
  await expect(page.getByLabel('Account', { exact: true })).toHaveValue(first.id);
  await expect(rowButton(first)).toHaveAttribute('aria-pressed', 'true');
  await expectHeadlines(page, await adloop.call('workspace.summary', { accountId: first.id }), accounts);
});

test('a period narrows the numbers to the last days with data', async ({ page, adloop }) => {
  const all = await adloop.call('workspace.summary', {});
  const last = all.totals.lastDay!;
  const from = new Date(Date.parse(`${last}T00:00:00Z`) - 6 * 86_400_000).toISOString().slice(0, 10);
  const week = await adloop.call('workspace.summary', { from, to: last });
  const accounts = await adloop.call('accounts.list', {});

  await page.goto(adloop.url);
  await page.getByLabel('Period', { exact: true }).selectOption('7');
  await expectHeadlines(page, week, accounts);
  await expect(page.locator('.chart-table tbody tr')).toHaveCount(7);
});
