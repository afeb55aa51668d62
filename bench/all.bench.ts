/**
 * `npm run bench`: every benchmark, each a ratio of two things measured in the same run (these
 * machines are shared and noisy: absolute times mean little). BENCH_ONLY picks some
 * (comma-separated: kernels, cpu, webgl, webgpu); each comparison's sizes come from
 * BENCH_<CPU|WEBGL|WEBGPU>_<SAMPLES|EPOCHS|ROUNDS>; BENCH_PORT serves the browser page (3116).
 */
import { BenchSettings, type Comparison } from './engine-vs-handwritten';
import { compareOnNodeCpu } from './engine-vs-handwritten.bench';
import { compareInChromium, type BrowserBackend } from './browser.bench';
import { printComparisons } from './report';
import { progressIntervalMs } from '@/lib/engine/protocol';

const parts = (process.env.BENCH_ONLY ?? 'kernels,cpu,webgl,webgpu').split(',').map((p) => p.trim());

/** Defaults sized for ~1-2 minutes each on a 2-core machine; WebGPU here is SwiftShader (software), hence small. */
const defaults: Record<'cpu' | BrowserBackend, BenchSettings> = {
  cpu: { samples: 1000, epochs: 2, rounds: 3 },
  webgl: { samples: 1000, epochs: 2, rounds: 3 },
  // Above one batch, SwiftShader's WebGPU device was seen to be destroyed mid-bench here (minutes per run on a busy machine).
  webgpu: { samples: 40, epochs: 1, rounds: 3 },
};

function settingsFor(part: keyof typeof defaults): BenchSettings {
  const env = (key: keyof BenchSettings) => process.env[`BENCH_${part.toUpperCase()}_${key.toUpperCase()}`];
  const d = defaults[part];
  return BenchSettings.parse({
    samples: Number(env('samples') ?? d.samples),
    epochs: Number(env('epochs') ?? d.epochs),
    rounds: Number(env('rounds') ?? d.rounds),
  });
}

if (parts.includes('kernels')) await import('./cpu-kernels.bench');

const rows: { where: string; comparison: Comparison }[] = [];
const failures: string[] = [];
if (parts.includes('cpu')) rows.push({ where: 'Node', comparison: await compareOnNodeCpu(settingsFor('cpu'), console.log) });
const browserRuns = (['webgl', 'webgpu'] as const).filter((b) => parts.includes(b)).map((backend) => ({ backend, settings: settingsFor(backend) }));
if (browserRuns.length > 0) {
  for (const result of await compareInChromium(browserRuns, Number(process.env.BENCH_PORT ?? 3116), console.log)) {
    if ('problem' in result) failures.push(`Chromium ${result.backend}: not measured: ${result.problem}`);
    // Renderer strings run long; a software one is what a reader must not miss.
    else rows.push({ where: /swiftshader/i.test(result.adapter) ? 'Chromium, SwiftShader (software)' : `Chromium, ${result.adapter}`, comparison: result.comparison });
  }
}
if (rows.length > 0) {
  console.log(`\nengine (live per-batch chart points posted every ${progressIntervalMs} ms, as in the app) vs hand-written tfjs model.fit, digit template, same data, model, batch size and backend`);
  printComparisons(rows);
}
for (const failure of failures) console.log(failure);
// A backend that could not be measured fails the command, after every other number is printed.
if (failures.length > 0) process.exitCode = 1;
