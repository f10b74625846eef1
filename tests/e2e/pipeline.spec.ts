// The Pipeline view against the real engine on the demo workspace: re-run attribution, read how
// deals were credited, edit a stage value and watch pipeline value and ROAS follow, list the
// unattributed deals, import a HubSpot CSV whose bad row is reported with its line, and sync a
// demo workspace against the Meta and HubSpot emulators and read the status panel.
import path from 'node:path';
import { startEmulators } from '../emulators';
import { removeWorkspace, runDemo, startServe, tempWorkspace } from './fixtures/adloop-cli';
import { sortRoasRows } from '../../renderer/src/views/pipeline/roas-sort';
import { expect, test } from './fixtures/test';

const usd = (minor: number) => new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }).format(minor / 100);
const roas = (x: number) => `${x.toFixed(2)}×`;

test('attribution, stage values and pipeline ROAS in the Pipeline view', async ({ page, adloop }) => {
  await page.goto(`${adloop.url}#/pipeline`);
  await expect(page.getByTestId('view-pipeline')).toBeVisible();

  // Re-run attribution: every method the simulator's source data allows shows up with its count.
  await page.getByTestId('attribute-run').click();
  await expect(page.getByTestId('attribute-result')).toContainText(/Attribution: \d+ of \d+ deals credited to an ad/);
  const summary = await adloop.call('pipeline.summary', { level: 'campaign' });
  await expect(page.getByTestId('coverage-attributed')).toHaveText(summary.coverage.attributed.toLocaleString('en-US'));
  await expect(page.getByTestId('coverage-method-hsa_ad')).toContainText(`Ad id in URL (hsa_ad): ${summary.coverage.byMethod.hsa_ad!.toLocaleString('en-US')}`);
  await expect(page.getByTestId('coverage-method-none')).toBeVisible();
  await expect(page.getByTestId('total-pipeline-value')).toHaveText(usd(summary.totals.pipelineValue));
  await expect(page.getByTestId('total-roas')).toHaveText(roas(summary.totals.pipelineRoas!));

  // A campaign's credited deals, each with how it was matched and how sure that is.
  const table = page.getByTestId('roas-table');
  await expect(table).toHaveAttribute('data-rows', String(summary.rows.length));
  // Sortable by any column: best pipeline ROAS first, then worst first, then back to the engine's order.
  const order = () => table.getByTestId('roas-row').evaluateAll((rs) => rs.map((r) => r.getAttribute('data-id')));
  await page.getByTestId('roas-sort-pipelineRoas').click();
  await expect.poll(order).toEqual(sortRoasRows(summary.rows, { key: 'pipelineRoas', dir: 'desc' }).map((r) => r.id));
  await expect(table.locator('th[aria-sort="descending"]')).toContainText('Pipeline ROAS');
  await page.getByTestId('roas-sort-pipelineRoas').click();
  await expect.poll(order).toEqual(sortRoasRows(summary.rows, { key: 'pipelineRoas', dir: 'asc' }).map((r) => r.id));
  await page.getByTestId('roas-sort-pipelineValue').click();
  const top = summary.rows[0]!;
  await table.locator(`[data-id="${top.id}"] button`).click();
  const credited = page.getByTestId('credited-table');
  await expect(credited).toBeVisible();
  const first = credited.getByTestId('deal-row').first();
  await expect(first.locator('.match-why')).toContainText(/hsa_ad=\d+ in the first URL of contact \d+ names ad|had \d+ of the \d+ clicks/);
  await expect(first.getByTestId('deal-confidence')).toHaveText(/\d+%/);

  // The same campaign over time (pipeline.timeline): by week, then by month, then all campaigns.
  const timeline = page.getByTestId('timeline');
  await expect(timeline.locator('h2')).toHaveText(`Pipeline value and ROAS over time: campaign ${top.name}`);
  const weekly = await adloop.call('pipeline.timeline', { level: 'campaign', id: top.id, granularity: 'week' });
  expect(weekly.points.reduce((a, p) => a + p.pipelineValue, 0)).toBe(top.pipelineValue);
  await expect(page.getByTestId('timeline-chart')).toHaveAttribute('data-points', String(weekly.points.length));
  await expect(timeline.locator('.recharts-bar-rectangle').first()).toBeAttached();
  await page.getByTestId('timeline-month').click();
  const monthly = await adloop.call('pipeline.timeline', { level: 'campaign', id: top.id, granularity: 'month' });
  await expect(page.getByTestId('timeline-chart')).toHaveAttribute('data-points', String(monthly.points.length));
  await timeline.locator('summary').click();
  await expect(page.getByTestId('timeline-row').last()).toContainText(roas(monthly.points.at(-1)!.cumulativeRoas!));
  await page.getByTestId('timeline-all').click();
  await expect(timeline.locator('h2')).toHaveText('Pipeline value and ROAS over time: all campaigns');

  // Ad level shows the same totals split finer.
  await page.getByTestId('level-ad').click();
  await expect(table).toHaveAttribute('data-level', 'ad');
  await page.getByTestId('level-campaign').click();
  await expect(table).toHaveAttribute('data-level', 'campaign');

  // Edit a stage value: invalid entries are refused in place, a valid one moves value and ROAS.
  const stages = await adloop.call('pipeline.stageValues', { pipelineId: 'default' });
  const stage = stages[0]!.stages.find((s) => s.id === 'appointmentscheduled')!;
  const input = page.getByTestId('stage-input-appointmentscheduled');
  const save = page.getByTestId('stage-save-appointmentscheduled');
  await input.fill('-5');
  await expect(page.getByTestId('stage-error-appointmentscheduled')).toHaveText('A stage value cannot be negative.');
  await expect(save).toBeDisabled();
  await input.fill('12.345');
  await expect(page.getByTestId('stage-error-appointmentscheduled')).toHaveText('USD amounts have at most 2 decimals.');
  const raised = stage.value! + 250_000;
  await input.fill((raised / 100).toFixed(2));
  await expect(page.getByTestId('stage-error-appointmentscheduled')).toHaveCount(0);
  await save.click();
  await expect(page.getByTestId('stage-origin-appointmentscheduled')).toHaveText('set by you');
  const credits = await adloop.call('pipeline.deals', { attributed: true, pipelineId: 'default', stageId: 'appointmentscheduled', limit: 1 });
  const after = await adloop.call('pipeline.summary', { level: 'campaign' });
  expect(after.totals.pipelineValue - summary.totals.pipelineValue).toBe(250_000 * credits.total);
  await expect(page.getByTestId('total-pipeline-value')).toHaveText(usd(after.totals.pipelineValue));
  await expect(page.getByTestId('total-roas')).toHaveText(roas(after.totals.pipelineRoas!));
  expect(after.totals.pipelineRoas!).toBeGreaterThan(summary.totals.pipelineRoas!);

  // Back to the default value.
  await page.getByTestId('stage-reset-appointmentscheduled').click();
  await expect(page.getByTestId('stage-origin-appointmentscheduled')).toHaveText('default');
  await expect(page.getByTestId('total-pipeline-value')).toHaveText(usd(summary.totals.pipelineValue));

  // A template sets every open stage at once; pipeline ROAS follows.
  await page.getByTestId('template-select-default').selectOption('high-ticket');
  await page.getByTestId('template-apply-default').click();
  await expect(page.getByTestId('stage-origin-appointmentscheduled')).toHaveText('template');
  const templated = await adloop.call('pipeline.summary', { level: 'campaign' });
  expect(templated.totals.pipelineValue).not.toBe(summary.totals.pipelineValue);
  await expect(page.getByTestId('total-roas')).toHaveText(roas(templated.totals.pipelineRoas!));
  await adloop.call('pipeline.setStageValues', { values: stages[0]!.stages.filter((s) => !s.isClosed).map((s) => ({ pipelineId: 'default', stageId: s.id, value: null })) });
  await page.reload();
  await expect(page.getByTestId('stage-origin-appointmentscheduled')).toHaveText('default');

  // Unattributed deals are listed with the reason.
  const unattributed = page.getByTestId('unattributed-table');
  await expect(unattributed.getByTestId('deal-row').first()).toBeVisible();
  await expect(unattributed).toContainText('no sign of Meta traffic (source ORGANIC_SEARCH)');
});

test('import a HubSpot deal CSV: the bad row is reported with its line, the good ones are credited', async ({ page, adloop }) => {
  const ad = (await adloop.call('pipeline.summary', { level: 'ad', limit: 1 })).rows[0]!;
  const csv = [
    'Record ID,Deal Name,Deal Stage,Pipeline,Amount,Create Date,Original Source,Original Source Drill-Down 1,First page seen',
    `8100000001,"E2E Corp, Ltd.",Appointment scheduled,Sales Pipeline,"4,200.00",2026-11-20,Paid social,Facebook,https://shop.example.com/?hsa_ad=${ad.id}`,
    `8100000002,E2E Won,Closed won,Sales Pipeline,1800,2026-11-21,Paid social,Facebook,https://shop.example.com/?hsa_ad=${ad.id}`,
    '8100000003,E2E Broken,Closed won,Sales Pipeline,1800,not a date,Paid social,Facebook,',
  ].join('\n');

  await page.goto(`${adloop.url}#/pipeline`);
  await page.getByTestId('import-kind').selectOption('hubspot-deals');
  await page.getByTestId('import-file').setInputFiles({ name: 'deals-export.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.getByTestId('import-submit').click();
  const report = page.getByTestId('import-report');
  await expect(report).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('import-headline')).toHaveText('3 deals read · 2 imported (2 new, 0 changed, 0 unchanged) · 1 rejected');
  const rejected = page.getByTestId('import-rejected').getByTestId('rejected-row');
  await expect(rejected).toHaveCount(1);
  await expect(rejected.first()).toHaveText('4create date "not a date" is not a date');

  const deals = await adloop.call('pipeline.deals', { adId: ad.id, limit: 1000 });
  const imported = deals.deals.filter((d) => d.id.startsWith('81000000'));
  expect(imported.map((d) => [d.id, d.method, d.value]).sort()).toEqual([
    ['8100000001', 'hsa_ad', (await adloop.call('pipeline.stageValues', { pipelineId: 'default' }))[0]!.stages.find((s) => s.id === 'appointmentscheduled')!.value],
    ['8100000002', 'hsa_ad', 180_000],
  ]);

  // A workbook instead of a CSV: nothing is imported and the error says why.
  await page.getByTestId('import-kind').selectOption('meta-ads');
  await page.getByTestId('import-file').setInputFiles(path.join(import.meta.dirname, '../fixtures/csv/report.xlsx'));
  await page.getByTestId('import-submit').click();
  const error = page.getByTestId('import-panel').getByTestId('error-panel');
  await expect(error).toHaveAttribute('data-error-code', 'InvalidInput');
  await expect(error).toContainText('not a CSV file');
});

test('sync a demo workspace against the emulators and see the status panel', async ({ page }) => {
  test.setTimeout(240_000);
  // Its own demo workspace and `adloop serve` (the shared one stays unsynced for the other tests),
  // with tokens in process memory instead of the OS keychain; the emulators serve the same
  // simulation, so the sync upserts onto the demo's own campaigns, ad sets and ads.
  const size = { seed: 1, ads: 120, days: 30 };
  const emu = await startEmulators(size);
  const dir = tempWorkspace('sync');
  const secretStore = process.env.ADLOOP_SECRET_STORE;
  process.env.ADLOOP_SECRET_STORE = 'memory';
  let server: Awaited<ReturnType<typeof startServe>> | null = null;
  try {
    await runDemo(dir, size);
    server = await startServe(dir);
    await page.goto(`${server.url}#/pipeline`);
    const panel = page.getByTestId('sync-status');
    await expect(panel).toBeVisible();
    await expect(page.getByTestId('sync-meta-state')).toHaveText('Not connected');
    await expect(page.getByTestId('sync-hubspot-next')).toContainText('Not connected: nothing is pulled');

    // What the Settings view does with the tokens, and the emulators as the services' base URLs.
    await server.call('settings.update', { metaBaseUrl: emu.meta.url, hubspotBaseUrl: emu.hubspot.url });
    await server.call('sync.connect', { source: 'meta', token: 'meta-test-token' });
    await server.call('sync.connect', { source: 'hubspot', token: 'hubspot-test-token' });
    emu.meta.forceUsage(37);
    await page.reload();
    await expect(page.getByTestId('sync-meta-state')).toHaveText('Not pulled yet');

    await page.getByTestId('sync-now').click();
    await expect(page.getByTestId('sync-now')).toBeDisabled();
    await expect(page.getByTestId('sync-progress')).toBeVisible();
    const result = page.getByTestId('sync-result');
    await expect(result).toBeVisible({ timeout: 120_000 });
    await expect(result).toContainText(`Meta Ads: ${emu.sim.metrics.count} daily rows · HubSpot: ${emu.sim.deals.length} deals`);

    const status = await server.call('sync.status', {});
    const meta = status.sources.find((s) => s.source === 'meta')!;
    const hubspot = status.sources.find((s) => s.source === 'hubspot')!;
    await expect(page.getByTestId('sync-meta-state')).toHaveText('Up to date');
    await expect(page.getByTestId('sync-hubspot-state')).toHaveText('Up to date');
    await expect(page.getByTestId('sync-meta-last')).toHaveText(/less than a minute ago|1 min ago/);
    await expect(page.getByTestId('sync-meta-limits')).toHaveText("37 % of Meta's usage limit used");
    await expect(page.getByTestId('sync-hubspot-limits')).toContainText(`of ${hubspot.limits!.max!.toLocaleString('en-US')} calls left in the window`);
    await expect(page.getByTestId('sync-meta-counts')).toHaveText(`1 account · ${emu.sim.metrics.count.toLocaleString('en-US')} daily rows`);
    // `adloop serve` schedules the learning cycle, whose first steps are the pulls.
    expect(meta.nextPullAt).not.toBeNull();
    await expect(page.getByTestId('sync-meta-next-at')).toHaveText(/^in \d+ (h|min)$/);

    // HubSpot stops accepting the token: the panel says to reconnect; Meta stays up to date.
    emu.hubspot.expireToken();
    await page.getByTestId('sync-now').click();
    await expect(result).toContainText('HubSpot: reconnect-needed', { timeout: 120_000 });
    await expect(page.getByTestId('sync-hubspot-state')).toHaveText('Reconnect needed');
    await expect(page.getByTestId('sync-hubspot-reconnect')).toContainText('refused the token');
    await expect(page.getByTestId('sync-hubspot-next')).toContainText('reconnect before the next pull');
    await expect(page.getByTestId('sync-meta-state')).toHaveText('Up to date');
  } finally {
    if (secretStore === undefined) delete process.env.ADLOOP_SECRET_STORE;
    else process.env.ADLOOP_SECRET_STORE = secretStore;
    await server?.stop();
    await emu.close();
    removeWorkspace(dir);
  }
});
