/**
 * Writes tests/fixtures/csv/customers.csv: 300 made-up customers of a subscription service, as a
 * product manager would export them from a spreadsheet, with the few bad cells real exports have.
 * Seeded, so running it again writes the same file: `npx tsx scripts/make-csv-fixture.ts`.
 *
 * Whether a customer churned follows their support calls, plan and spend (plus noise), so a model
 * has something to learn. The bad cells, at fixed rows (spreadsheet numbers: the header is row 1):
 * - row 12: age left blank;
 * - row 27: monthly_spend is "twelve", not a number;
 * - row 45: a ragged row, cut off after monthly_spend (no support_calls, churned or region).
 * The last category column is region, so the app first guesses it as the target: the test picks churned.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** mulberry32: a tiny seeded generator, so the file is the same on every machine. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const rand = random(20261130);
const pick = <T>(items: readonly T[]) => items[Math.floor(rand() * items.length)];

const plans = ['basic', 'plus', 'pro'] as const;
const regions = ['north', 'south', 'east', 'west'];
const header = ['customer_id', 'signup_date', 'age', 'plan', 'monthly_spend', 'support_calls', 'churned', 'region'];
const lines = [header.join(',')];
const start = Date.UTC(2023, 0, 1);

for (let i = 0; i < 300; i++) {
  const row = i + 2;
  const plan = pick(plans);
  const age = 18 + Math.floor(rand() * 55);
  const spend = { basic: 9, plus: 19, pro: 39 }[plan] + Math.round(rand() * 1500) / 100;
  const calls = Math.floor(rand() * rand() * 9);
  const risk = calls * 0.5 - (plan === 'pro' ? 0.8 : plan === 'plus' ? 0.3 : 0) + (age < 30 ? 0.4 : 0) + (rand() - 0.5) * 1.2;
  const churned = risk > 0.9 ? 'yes' : 'no';
  const signup = new Date(start + Math.floor(rand() * 700) * 86_400_000).toISOString().slice(0, 10);
  const cells = [`C${String(1000 + i)}`, signup, String(age), plan, spend.toFixed(2), String(calls), churned, pick(regions)];
  if (row === 12) cells[2] = '';
  if (row === 27) cells[4] = 'twelve';
  lines.push((row === 45 ? cells.slice(0, 5) : cells).join(','));
}

const path = join(import.meta.dirname, '..', 'tests', 'fixtures', 'csv', 'customers.csv');
writeFileSync(path, `${lines.join('\n')}\n`);
console.log(`Wrote ${path}: ${lines.length - 1} rows.`);
