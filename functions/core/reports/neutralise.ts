/**
 * Spreadsheet formula injection (§8, OWASP "CSV injection"): a cell that starts with one of these is run as a
 * formula by Excel, LibreOffice or Sheets when the report is opened. Row values come from the uploaded file, so
 * a report the service writes must not hand them back live. Tab and CR are included because some spreadsheets
 * strip them and then read what follows.
 */
const FORMULA_LEADS = new Set(['=', '+', '-', '@', '\t', '\r']);

/** The cell, prefixed with a single quote when a spreadsheet would take it for a formula. */
export function neutraliseFormula(cell: string): string {
  return cell.length > 0 && FORMULA_LEADS.has(cell[0] as string) ? `'${cell}` : cell;
}
