/**
 * What can be wrong with an uploaded CSV, in words for the person who uploaded it: what is
 * wrong, where (the row as a spreadsheet numbers it, the column by name), and what to do.
 */

export type CsvProblemCode =
  /** The file holds nothing but blank lines. */
  | 'CSV_EMPTY'
  /** The file is not text (a spreadsheet workbook, an image, a zip). */
  | 'CSV_NOT_TEXT'
  /** A header and no data rows. */
  | 'CSV_NO_ROWS'
  | 'CSV_EMPTY_HEADER'
  | 'CSV_DUPLICATE_HEADER'
  | 'CSV_RAGGED_ROW'
  /** A quoted cell never closed: the rest of the file was read into it. */
  | 'CSV_BAD_QUOTES'
  | 'CSV_MISSING'
  | 'CSV_NOT_A_NUMBER'
  | 'CSV_NOT_A_DATE'
  | 'CSV_CONSTANT_COLUMN'
  | 'CSV_EMPTY_COLUMN'
  /** More row-level problems than are listed: how many of each code were left out. */
  | 'CSV_MORE_PROBLEMS'
  /** Streaming a file for a pipeline: a column the pipeline reads is not in the file. */
  | 'CSV_MISSING_COLUMNS'
  /** Streaming a file for a pipeline: a category cell the pipeline was not built for. */
  | 'CSV_UNKNOWN_CATEGORY';

export interface CsvProblem {
  code: CsvProblemCode;
  /** The row as a spreadsheet shows it: the header is row 1, the first data row is row 2. */
  row?: number;
  /** The column's name (after renaming empty and duplicated headers). */
  column?: string;
  message: string;
}

/**
 * Row-level problems (one per row or cell) stop being listed after this many: a file with a
 * million bad rows needs one line saying so, not a million. Column-level problems (one per
 * column at most) are always listed.
 */
export const LISTED_ROW_PROBLEMS = 200;

/** Collects problems, listing row-level ones up to LISTED_ROW_PROBLEMS and counting the rest by code. */
export class ProblemList {
  private readonly listed: CsvProblem[] = [];
  private rowLevel = 0;
  private readonly unlisted = new Map<CsvProblemCode, number>();

  /** A row-level problem; `make` runs only when it will be listed, so skipped ones cost no message. */
  addRowProblem(code: CsvProblemCode, make: () => CsvProblem): void {
    if (this.rowLevel < LISTED_ROW_PROBLEMS) {
      this.rowLevel++;
      this.listed.push(make());
    } else {
      this.unlisted.set(code, (this.unlisted.get(code) ?? 0) + 1);
    }
  }

  /** Several row-level problems of one code at once, when only the first `make`s are worth building. */
  addRowProblems(code: CsvProblemCode, count: number, make: (index: number) => CsvProblem): void {
    const listing = Math.min(count, LISTED_ROW_PROBLEMS - this.rowLevel);
    for (let i = 0; i < listing; i++) this.listed.push(make(i));
    this.rowLevel += Math.max(listing, 0);
    if (count > listing) this.unlisted.set(code, (this.unlisted.get(code) ?? 0) + count - Math.max(listing, 0));
  }

  add(problem: CsvProblem): void {
    this.listed.push(problem);
  }

  /** Everything listed, then one CSV_MORE_PROBLEMS line when some were left out. */
  all(): CsvProblem[] {
    if (this.unlisted.size === 0) return [...this.listed];
    const counts = [...this.unlisted].map(([code, n]) => `${formatCount(n)} more ${PROBLEM_NOUNS[code]}`);
    const more: CsvProblem = {
      code: 'CSV_MORE_PROBLEMS',
      message: `Only the first ${LISTED_ROW_PROBLEMS} row problems are listed; there are ${counts.join(', ')}. Fix the ones listed (they are usually alike) and upload the file again.`,
    };
    return [...this.listed, more];
  }
}

const PROBLEM_NOUNS: Record<CsvProblemCode, string> = {
  CSV_EMPTY: 'empty files',
  CSV_NOT_TEXT: 'non-text files',
  CSV_NO_ROWS: 'files without rows',
  CSV_EMPTY_HEADER: 'empty headers',
  CSV_DUPLICATE_HEADER: 'duplicated headers',
  CSV_RAGGED_ROW: 'rows with the wrong number of cells',
  CSV_BAD_QUOTES: 'unclosed quotes',
  CSV_MISSING: 'missing values',
  CSV_NOT_A_NUMBER: 'cells that are not numbers',
  CSV_NOT_A_DATE: 'cells that are not dates',
  CSV_CONSTANT_COLUMN: 'constant columns',
  CSV_EMPTY_COLUMN: 'empty columns',
  CSV_MORE_PROBLEMS: 'problems',
  CSV_MISSING_COLUMNS: 'missing columns',
  CSV_UNKNOWN_CATEGORY: 'unknown categories',
};

/** 1460 -> "1,460", the same on every machine (no locale). */
export function formatCount(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** "row 7", "rows 7, 18 and 20", "rows 7, 18, 20, 27, 29 and 172 more". */
export function formatRows(rows: readonly number[], total: number): string {
  if (total === 1) return `row ${rows[0]}`;
  const shown = rows.map(String);
  if (total > rows.length) return `rows ${shown.join(', ')} and ${formatCount(total - rows.length)} more`;
  return `rows ${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}`;
}

/** A cell's text quoted for a message, cut short when long (a message must stay one line). */
export function quoteCell(text: string): string {
  const oneLine = text.trim().replace(/\s+/g, ' ');
  return JSON.stringify(oneLine.length > 40 ? `${oneLine.slice(0, 40)}…` : oneLine);
}
