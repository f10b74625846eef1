import { describe, expect, it } from 'vitest';
import type { Account, Totals } from '../../contract';
import { headlineCards } from '../../renderer/src/views/overview/headline-cards';
import { moneyScope } from '../../renderer/src/views/overview/money';
import { rangeFilter } from '../../renderer/src/views/overview/range';

const account = (id: string, currency: string, currencyOffset: 1 | 100): Account => ({
  id, name: id, currency, currencyOffset, timezone: 'UTC', source: 'demo', campaigns: 1, adSets: 1, ads: 1, dailyBudget: 0,
});
const accounts = [account('a', 'USD', 100), account('b', 'JPY', 1)];
const totals: Totals = {
  spend: 123456, impressions: 1000, clicks: 15, ctr: 0.015, pipelineValue: 200000, pipelineRoas: 1.62, deals: 3,
  firstDay: '2026-11-01', lastDay: '2026-11-07',
};

describe('money scope', () => {
  it('uses the offset of the account that has the engine’s currency', () => {
    expect(moneyScope('JPY', accounts)).toEqual({ kind: 'single', currency: 'JPY', offset: 1 });
    expect(moneyScope('USD', accounts)).toEqual({ kind: 'single', currency: 'USD', offset: 100 });
  });
  it('is mixed when the engine names no single currency', () => {
    expect(moneyScope(null, accounts)).toEqual({ kind: 'mixed' });
  });
});

describe('headline cards', () => {
  it('show formatted numbers and keep the engine’s raw values', () => {
    const cards = Object.fromEntries(headlineCards(totals, moneyScope('USD', accounts)).map((c) => [c.id, c]));
    expect(cards.spend).toMatchObject({ raw: '123456', shown: '$1,234.56' });
    expect(cards['pipeline-value']).toMatchObject({ raw: '200000', shown: '$2,000.00' });
    expect(cards.ctr).toMatchObject({ raw: '0.015', shown: '1.50%' });
    expect(cards['pipeline-roas']).toMatchObject({ raw: '1.62', shown: '1.62×' });
    expect(cards.window).toMatchObject({ raw: '2026-11-01/2026-11-07', shown: '2026-11-01 – 2026-11-07 (7 days)' });
  });

  it('never add yen to dollars: money and ROAS say "mixed" when currencies differ', () => {
    const cards = Object.fromEntries(headlineCards(totals, { kind: 'mixed' }).map((c) => [c.id, c]));
    expect(cards.spend!.shown).toBe('Mixed currencies');
    expect(cards['pipeline-value']!.shown).toBe('Mixed currencies');
    expect(cards['pipeline-roas']!.shown).toBe('Mixed currencies');
    expect(cards.spend!.raw).toBe('123456');
    expect(cards.clicks!.shown).toBe('15');
  });

  it('leave raw empty for a number the engine does not have', () => {
    const cards = headlineCards({ ...totals, ctr: null, pipelineRoas: null, firstDay: null, lastDay: null }, { kind: 'mixed' });
    expect(cards.find((c) => c.id === 'ctr')).toMatchObject({ raw: '', shown: '—' });
    expect(cards.find((c) => c.id === 'window')).toMatchObject({ raw: '', shown: 'No data yet' });
  });
});

describe('period filter', () => {
  it('ends relative periods on the last day with data', () => {
    expect(rangeFilter(null, '7', '2026-11-24')).toEqual({ from: '2026-11-18', to: '2026-11-24' });
    expect(rangeFilter('act_1', '30', '2026-11-24')).toEqual({ accountId: 'act_1', from: '2026-10-26', to: '2026-11-24' });
  });
  it('asks for everything for "all data" or when there is no data yet', () => {
    expect(rangeFilter(null, 'all', '2026-11-24')).toEqual({});
    expect(rangeFilter('act_1', '7', null)).toEqual({ accountId: 'act_1' });
  });
});
