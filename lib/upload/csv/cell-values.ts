/**
 * What one CSV cell means, read from its text: missing, a number, a date, or just text.
 * Shared by the reader (to classify cells as they stream in) and by the conversion to a table,
 * so a cell counted as a number during detection is the same number in the table.
 */

/** Texts that mean "no value" in exported spreadsheets and statistics tools (compared trimmed, case-insensitive). */
const MISSING_MARKERS = new Set(['', 'na', 'n/a', 'nan', 'null', '?', '-']);

export function isMissingText(trimmed: string): boolean {
  // Every marker is at most 4 characters: longer cells skip the lower-casing.
  return trimmed.length <= 4 && MISSING_MARKERS.has(trimmed.toLowerCase());
}

/** Plain, signed, decimal and exponent forms: "12", "-3.5", "+.5", "5.", "1e-3". */
const PLAIN_NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
/**
 * Thousands separators: only commas in groups of exactly three digits, with an optional point
 * decimal part ("1,234", "-12,345,678.9"). Read this way, "1,234" is one thousand two hundred
 * and thirty-four (English grouping); a decimal comma ("12,5") matches neither form and stays
 * text, so a column of European decimals is never silently read a thousand times too large.
 */
const GROUPED_NUMBER = /^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$/;

/** The number a trimmed cell holds, or NaN when it is not a number (hex, "Infinity", "1_000", units are not). */
export function parseNumber(trimmed: string): number {
  let value = Number.NaN;
  if (PLAIN_NUMBER.test(trimmed)) value = Number(trimmed);
  else if (trimmed.length > 4 && GROUPED_NUMBER.test(trimmed)) value = Number(trimmed.replaceAll(',', ''));
  // "1e999" overflows to Infinity, which no model can train on: it is not a number either.
  return Number.isFinite(value) ? value : Number.NaN;
}

/** ISO dates, with an optional time (a "T" or a space) and zone: 2024-03-09, 2024-03-09T14:05, 2024-03-09 14:05:30.250Z. */
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?\s*(Z|[+-]\d{2}:?\d{2})?)?$/;
/** 2024/03/09: year first, so it cannot be mistaken. */
const SLASHED_YEAR_FIRST = /^(\d{4})\/(\d{1,2})\/(\d{1,2})$/;
/**
 * 09.03.2024: day first (the German, Swiss and Russian form; nobody writes month.day.year).
 * Slashed day/month forms (03/09/2024) are left as text: the same cell is March 9th in the US
 * and September 3rd in Europe, and guessing wrong would silently shift every date.
 */
const DOTTED_DAY_FIRST = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/;

const MS_PER_DAY = 86_400_000;

/** Milliseconds since 1970-01-01T00:00Z for a trimmed date cell, or NaN. Dates without a zone are read as UTC. */
export function parseDate(trimmed: string): number {
  const first = trimmed.charCodeAt(0);
  if (trimmed.length < 8 || first < 48 || first > 57) return Number.NaN;
  let m = ISO_DATE.exec(trimmed);
  if (m) {
    const [, y, mo, d, h = '0', mi = '0', s = '0', fraction = '', zone] = m;
    const day = calendarDay(Number(y), Number(mo), Number(d));
    if (Number.isNaN(day) || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return Number.NaN;
    const ms = Number(`0.${fraction || '0'}`) * 1000;
    return day + ((Number(h) * 60 + Number(mi)) * 60 + Number(s)) * 1000 + ms - zoneOffsetMs(zone);
  }
  m = SLASHED_YEAR_FIRST.exec(trimmed);
  if (m) return calendarDay(Number(m[1]), Number(m[2]), Number(m[3]));
  m = DOTTED_DAY_FIRST.exec(trimmed);
  if (m) return calendarDay(Number(m[3]), Number(m[2]), Number(m[1]));
  return Number.NaN;
}

/** Midnight UTC of a real calendar day, or NaN (February 30th is not a date). */
function calendarDay(year: number, month: number, day: number): number {
  if (month < 1 || month > 12 || day < 1) return Number.NaN;
  const ms = Date.UTC(year, month - 1, day);
  // Date.UTC rolls day 31 of a 30-day month into the next month: a changed month means no such day.
  return new Date(ms).getUTCMonth() === month - 1 ? ms : Number.NaN;
}

function zoneOffsetMs(zone: string | undefined): number {
  if (!zone || zone === 'Z') return 0;
  const digits = zone.replace(':', '');
  const sign = digits[0] === '-' ? -1 : 1;
  return sign * (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5))) * 60_000;
}

export function msToDays(ms: number): number {
  return ms / MS_PER_DAY;
}

/** A number as a person reads it back (when a numeric column is shown or converted to text). */
export function formatNumber(value: number): string {
  return String(value);
}

/** A date back as ISO text: the day alone when it has no time of day. */
export function formatDate(ms: number): string {
  const iso = new Date(ms).toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
}

/** How a cell was read: the reader counts these per column to detect its type. */
export const CellKind = { Missing: 0, Number: 1, Date: 2, Other: 3 } as const;
export type CellKind = (typeof CellKind)[keyof typeof CellKind];

export function cellKind(trimmed: string): CellKind {
  if (isMissingText(trimmed)) return CellKind.Missing;
  if (!Number.isNaN(parseNumber(trimmed))) return CellKind.Number;
  if (!Number.isNaN(parseDate(trimmed))) return CellKind.Date;
  return CellKind.Other;
}
