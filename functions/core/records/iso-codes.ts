import countries from 'i18n-iso-countries';

/**
 * ISO 4217 currency codes in use, as the runtime's ICU data lists them (Node 20 and 22 have
 * `Intl.supportedValuesOf`). Codes that name no currency a payment is made in (XXX, XTS, the metals) are not
 * listed there, and are refused.
 */
const CURRENCIES: ReadonlySet<string> = new Set(Intl.supportedValuesOf('currency'));

/** Whether `code` (upper case) is an ISO 4217 currency code. */
export function isCurrencyCode(code: string): boolean {
  return CURRENCIES.has(code);
}

/**
 * Whether `code` (upper case) is an ISO 3166-1 alpha-2 country code. i18n-iso-countries checks codes without
 * any locale registered; it also takes alpha-3 and numeric codes, so the length is checked here.
 */
export function isCountryCode(code: string): boolean {
  return code.length === 2 && countries.isValid(code);
}
