// One chunk per view, fetched the first time the view is shown (see components/lazy-chunk.ts for
// the why and for what happens when the fetch fails). Nothing else may import a view module
// statically, or that view — and recharts with it — lands back in the entry chunk; the build test
// in tests/renderer/lazy-views-build.test.ts checks it.
import type { ComponentType } from 'react';
import { lazyChunk } from '../components/lazy-chunk';
import type { ViewId } from './views';

export const viewComponents: Record<ViewId, ComponentType> = {
  overview: lazyChunk('Overview', () => import('../views/overview/Overview').then((m) => m.Overview)),
  budget: lazyChunk('Budget', () => import('../views/budget/Budget').then((m) => m.Budget)),
  winners: lazyChunk('Winners', () => import('../views/winners/Winners').then((m) => m.Winners)),
  fatigue: lazyChunk('Fatigue', () => import('../views/fatigue/Fatigue').then((m) => m.Fatigue)),
  approvals: lazyChunk('Approvals', () => import('../views/approvals/Approvals').then((m) => m.Approvals)),
  learning: lazyChunk('Learning', () => import('../views/learning/Learning').then((m) => m.Learning)),
  pipeline: lazyChunk('Pipeline', () => import('../views/pipeline/Pipeline').then((m) => m.Pipeline)),
  settings: lazyChunk('Settings', () => import('../views/settings/Settings').then((m) => m.Settings)),
};
