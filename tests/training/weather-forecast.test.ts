import { expect, it } from 'vitest';
import type { StandardizeState } from '@/lib/data/steps/standardize';
import { targetNumbers, templateData } from '../support/template-data';
import { trainTemplate } from '../support/template-run';

it("the weather forecaster's MAE is at least 10% below repeating the window's last temperature, on the same validation windows", async () => {
  const { spec, prepared } = await templateData('weather-forecast');
  const windows = spec.data.steps.find((s) => s.kind === 'preprocess.timeWindow')!;
  const columns = String(windows.params.columns).split(',').map((c) => c.trim());
  const at = columns.indexOf(String(windows.params.target));
  expect(at).toBeGreaterThanOrEqual(0);
  // The model reads standardized windows: undo the scaling (the training windows' statistics) to
  // read each window's last temperature in °C.
  const { mean, std } = prepared.states.standardize as StandardizeState;
  const validation = prepared.validation!;
  const [x] = validation.inputs;
  const [rows, steps, features] = x.shape as number[];
  const truth = targetNumbers(validation.target);
  let total = 0;
  for (let r = 0; r < rows; r++) {
    const j = (steps - 1) * features + at;
    const lastDay = x.values[r * steps * features + j] * Math.max(std[j], 1e-7) + mean[j];
    total += Math.abs(truth[r] - lastDay);
  }
  const baseline = total / rows;
  const { template, json } = await trainTemplate('weather-forecast');
  console.log(`weather-forecast: repeat-last-value MAE ${baseline.toFixed(3)} °C on ${rows} validation windows; model ${(json.metrics.val_mae ?? Number.NaN).toFixed(3)} (${(100 * (1 - (json.metrics.val_mae ?? Number.NaN) / baseline)).toFixed(1)}% lower)`);
  expect(json.metrics.val_mae).toBeLessThanOrEqual(0.9 * baseline);
  // The gallery quotes the baseline and the promised MAE: both must be the ones measured here.
  expect(template.result!.words).toContain(`${baseline.toFixed(2)} °C`);
  expect(template.result!.atMost).toBeLessThanOrEqual(0.9 * baseline);
}, 180_000);
