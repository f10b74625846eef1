import { describe, expect, it } from 'vitest';
import type { RoasRow } from '../../contract';
import { nextSort } from '../../renderer/src/components/sort';
import { DEFAULT_ROAS_SORT, sortRoasRows } from '../../renderer/src/views/pipeline/roas-sort';

const row = (id: string, over: Partial<RoasRow>): RoasRow => ({
  id, name: id, campaignId: null, campaignName: null, adSetName: null, spend: 0, impressions: 0, clicks: 0, deals: 0, openDeals: 0,
  wonDeals: 0, lostDeals: 0, pipelineValue: 0, wonValue: 0, pipelineRoas: null, confidence: null, ...over,
});

const rows = [
  row('b', { name: 'Beta', spend: 100, pipelineValue: 300, pipelineRoas: 3, confidence: 0.9 }),
  row('a', { name: 'alpha', spend: 200, pipelineValue: 200, pipelineRoas: 1, confidence: 0.5 }),
  row('n', { name: 'No spend', pipelineValue: 50 }),
  row('c', { name: 'Gamma', spend: 50, pipelineValue: 200, pipelineRoas: 4, confidence: null }),
];
const ids = (rs: RoasRow[]) => rs.map((r) => r.id);

describe('sortRoasRows', () => {
  it('sorts by value by default, ties by id, without changing its input', () => {
    expect(ids(sortRoasRows(rows, DEFAULT_ROAS_SORT))).toEqual(['b', 'a', 'c', 'n']);
    expect(ids(rows)).toEqual(['b', 'a', 'n', 'c']);
  });

  it('puts rows without a ROAS or a confidence last in both directions', () => {
    expect(ids(sortRoasRows(rows, { key: 'pipelineRoas', dir: 'desc' }))).toEqual(['c', 'b', 'a', 'n']);
    expect(ids(sortRoasRows(rows, { key: 'pipelineRoas', dir: 'asc' }))).toEqual(['a', 'b', 'c', 'n']);
    expect(ids(sortRoasRows(rows, { key: 'confidence', dir: 'asc' }))).toEqual(['a', 'b', 'c', 'n']);
  });

  it('sorts names by locale, case aside', () => {
    expect(ids(sortRoasRows(rows, { key: 'name', dir: 'asc' }))).toEqual(['a', 'b', 'c', 'n']);
  });

  it('a click on the same column flips it; a new column starts descending, names ascending', () => {
    expect(nextSort(DEFAULT_ROAS_SORT, 'pipelineValue', ['name'])).toEqual({ key: 'pipelineValue', dir: 'asc' });
    expect(nextSort(DEFAULT_ROAS_SORT, 'pipelineRoas', ['name'])).toEqual({ key: 'pipelineRoas', dir: 'desc' });
    expect(nextSort(DEFAULT_ROAS_SORT, 'name', ['name'])).toEqual({ key: 'name', dir: 'asc' });
  });
});
