import type { Account } from '../../../../contract';
import type { CurrencyOffset } from '../../format/numbers';

/**
 * How to show money for the accounts in scope: the engine names one currency, or null when the
 * accounts differ (then a sum would add yen to dollars, and no total is shown).
 */
export type MoneyScope = { kind: 'single'; currency: string; offset: CurrencyOffset } | { kind: 'mixed' };

export function moneyScope(currency: string | null, accounts: readonly Account[]): MoneyScope {
  if (!currency) return { kind: 'mixed' };
  const account = accounts.find((a) => a.currency === currency);
  return { kind: 'single', currency, offset: account?.currencyOffset ?? 100 };
}
