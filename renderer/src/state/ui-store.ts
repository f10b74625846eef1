// UI state only (what the person is looking at); engine data lives in TanStack Query's cache.
import { create } from 'zustand';
import type { ViewId } from '../routing/views';
import { viewFromHash } from '../routing/views';

export type RangePreset = 'all' | '7' | '30' | '90';

export interface UiState {
  view: ViewId;
  /** null = every account in the workspace. */
  accountId: string | null;
  range: RangePreset;
  /** Set when the engine refused this tab's session token. */
  unauthorized: boolean;
  setView(view: ViewId): void;
  setAccount(accountId: string | null): void;
  setRange(range: RangePreset): void;
  markUnauthorized(): void;
}

export const useUi = create<UiState>((set) => ({
  // Read the hash now, not in an effect, so a reload on #/settings never renders the Overview first.
  view: viewFromHash(globalThis.location?.hash ?? ''),
  accountId: null,
  range: 'all',
  unauthorized: false,
  setView: (view) => set({ view }),
  setAccount: (accountId) => set({ accountId }),
  setRange: (range) => set({ range }),
  markUnauthorized: () => set({ unauthorized: true }),
}));
