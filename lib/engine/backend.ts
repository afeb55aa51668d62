import type { TfModule } from '@/nodes/define-node';
import type { PipelineSpec } from '@/lib/spec/spec';
import type { BackendChoice, BackendInfo, BackendName, BackendTiming, ProbeCache } from './protocol';
import { timeTrainingSteps } from './train';

/**
 * Picks the tfjs backend in the training worker. "Auto" never assumes which backend is fast: a
 * GPU emulated in software can be 10x slower than the CPU, and for a small model shader
 * compilation alone can outlast the whole run on the CPU. So it times the actual model on each
 * candidate, estimates the whole run on each, and takes the fastest; the page keeps the timings
 * per browser and model size, so the same model is measured once.
 */

/** What probing one backend found: usable or not, and how to describe it to the user. */
export type Probe = { name: BackendName; available: true; software: boolean; detail: string } | { name: BackendName; available: false; reason: string };

/** The parts of a WebGPU adapter we read; `info` is newer Chrome, the rest older versions. */
export interface AdapterLike {
  info?: AdapterInfoLike;
  isFallbackAdapter?: boolean;
  requestAdapterInfo?: () => Promise<AdapterInfoLike>;
}
export interface AdapterInfoLike {
  vendor?: string;
  architecture?: string;
  device?: string;
  description?: string;
  isFallbackAdapter?: boolean;
}

/** A backend the user asked for (or every one "auto" tried) cannot run here. */
export class BackendUnavailableError extends Error {
  constructor(
    message: string,
    readonly hint: string,
  ) {
    super(message);
    this.name = 'BackendUnavailableError';
  }
}

export async function describeAdapter(adapter: AdapterLike): Promise<Omit<Extract<Probe, { available: true }>, 'name'>> {
  const info = adapter.info ?? (await adapter.requestAdapterInfo?.().catch(() => undefined)) ?? {};
  const architecture = info.architecture ?? '';
  const software = Boolean(info.isFallbackAdapter ?? adapter.isFallbackAdapter) || /swiftshader/i.test(`${architecture} ${info.description ?? ''}`);
  const name = [info.description, info.vendor, architecture, info.device].find((s) => s && s.trim()) ?? 'unknown adapter';
  return software
    ? { available: true, software, detail: `software fallback adapter (${architecture || info.vendor || 'unknown'})` }
    : { available: true, software, detail: `GPU: ${info.description || [info.vendor, architecture].filter(Boolean).join(' ') || name}` };
}

/** WebGL renderer strings of CPU rasterizers: Chrome's SwiftShader, Mesa's llvmpipe/softpipe, Windows' basic driver. */
export function isSoftwareRenderer(renderer: string): boolean {
  return /swiftshader|llvmpipe|softpipe|software|basic render/i.test(renderer);
}

async function probeWebGpu(): Promise<Probe> {
  const gpu = (globalThis.navigator as { gpu?: { requestAdapter(o?: object): Promise<AdapterLike | null> } } | undefined)?.gpu;
  if (!gpu) return { name: 'webgpu', available: false, reason: 'WebGPU is not available in this browser.' };
  // The same preference tfjs uses, so we judge the adapter it will get.
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' }).catch(() => null);
  if (!adapter) return { name: 'webgpu', available: false, reason: 'WebGPU is switched on in this browser, but it found no usable graphics adapter.' };
  return { name: 'webgpu', ...(await describeAdapter(adapter)) };
}

function probeWebGl(): Probe {
  if (typeof OffscreenCanvas === 'undefined') return { name: 'webgl', available: false, reason: 'WebGL is not available here (no OffscreenCanvas in the worker).' };
  const canvas = new OffscreenCanvas(1, 1);
  const gl = (canvas.getContext('webgl2') ?? canvas.getContext('webgl')) as WebGLRenderingContext | null;
  if (!gl) return { name: 'webgl', available: false, reason: 'WebGL is not available in this browser.' };
  const debug = gl.getExtension('WEBGL_debug_renderer_info');
  const renderer = String(gl.getParameter(debug ? debug.UNMASKED_RENDERER_WEBGL : gl.RENDERER) ?? 'unknown renderer');
  // Free the probe's context now: browsers cap the number of live WebGL contexts.
  gl.getExtension('WEBGL_lose_context')?.loseContext();
  const software = isSoftwareRenderer(renderer);
  return { name: 'webgl', available: true, software, detail: software ? `software renderer (${renderer})` : `GPU: ${renderer}` };
}

const cpuProbe: Probe = { name: 'cpu', available: true, software: false, detail: 'CPU: no graphics acceleration' };

/**
 * The backends "auto" measures. A software WebGPU adapter is measured only where there is no
 * WebGL: both emulate a GPU on this same CPU, and the WebGPU emulation is the much slower one
 * (~15x on SwiftShader), so measuring it would only add its long shader compilation to the run.
 */
export function candidates(probes: Probe[]): Extract<Probe, { available: true }>[] {
  const usable = probes.filter((p): p is Extract<Probe, { available: true }> => p.available);
  const hasWebGl = usable.some((p) => p.name === 'webgl');
  return usable.filter((p) => p.name !== 'webgpu' || !p.software || !hasWebGl);
}

/** The whole run on one backend: the warm-up step, then every other batch of every epoch. */
export function estimateRunMs(timing: BackendTiming, totalBatches: number): number {
  return timing.warmupMs + timing.batchMs * Math.max(0, totalBatches - 1);
}

/** Backends with a timing, fastest estimate first. */
export function rankByEstimate(timings: Partial<Record<BackendName, BackendTiming>>, totalBatches: number): { name: BackendName; estimateMs: number }[] {
  return (Object.entries(timings) as [BackendName, BackendTiming][])
    .map(([name, timing]) => ({ name, estimateMs: estimateRunMs(timing, totalBatches) }))
    .sort((a, b) => a.estimateMs - b.estimateMs);
}

/**
 * Where a measurement is valid: the same browser and adapters (a new GPU driver or browser
 * version may change everything) and a model of about the same size (by powers of two).
 */
export function probeCacheKey(browser: string, spec: PipelineSpec, batchSize: number): string {
  const bucket = (n: number) => Math.round(Math.log2(n + 1));
  const params = spec.model.layers.reduce((sum, l) => sum + l.paramCount, 0);
  const inputSize = spec.data.inputs.reduce((sum, input) => sum + input.shape.slice(1).reduce<number>((product, d) => product * (d ?? 1), 1), 0);
  return `${hash(browser)}:p${bucket(params)}:i${bucket(inputSize)}:b${bucket(batchSize)}`;
}

/** FNV-1a: a short, stable key for a long user-agent and adapter description. */
function hash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(36);
}

const labels: Record<BackendName, string> = { webgpu: 'WebGPU', webgl: 'WebGL', cpu: 'CPU' };

/** How a backend is named in "faster than ...". */
function describeBackend(probe: Extract<Probe, { available: true }>): string {
  if (probe.name === 'cpu') return 'the CPU';
  return probe.software ? `the software-emulated GPU (${labels[probe.name]})` : `${labels[probe.name]} on the GPU`;
}

/** The badge's reason: the measured ratio to the runner-up, and whether it was measured now or earlier. */
export function explainChoice(
  ranked: { probe: Extract<Probe, { available: true }>; estimateMs: number }[],
  source: 'measured' | 'cached',
): string {
  const [winner, runnerUp] = ranked;
  if (!runnerUp) return `${labels[winner.probe.name]}: the only backend that runs here`;
  const ratio = runnerUp.estimateMs / Math.max(winner.estimateMs, 1e-3);
  const times = ratio >= 10 ? Math.round(ratio).toString() : ratio.toFixed(1);
  return `${labels[winner.probe.name]}: ${times}x faster than ${describeBackend(runnerUp.probe)} here · ${source === 'measured' ? 'measured just now' : 'measured earlier'}`;
}

/** What a run on "auto" needs to know to compare backends: the model, its batch size and how many batches it trains. */
export interface RunPlan {
  spec: PipelineSpec;
  batchSize: number;
  totalBatches: number;
}

export interface Selection {
  backend: BackendInfo;
  /** Fresh timings for the page to keep, when this selection measured them. */
  measured?: { key: string; timings: Partial<Record<BackendName, BackendTiming>> };
}

async function start(tf: TfModule, name: BackendName): Promise<boolean> {
  // setBackend resolves false (and logs) when the backend fails to start, e.g. the device is lost.
  const started = await tf.setBackend(name).catch(() => false);
  if (started) await tf.ready();
  return started;
}

/** Switches tfjs to the backend asked for, or for "auto" to the one measured fastest for this run, and says why. */
export async function selectBackend(
  tf: TfModule,
  choice: BackendChoice,
  plan: RunPlan,
  cache: ProbeCache = {},
  onStatus?: (message: string) => void,
): Promise<Selection> {
  if (choice !== 'auto') {
    const probe = choice === 'webgpu' ? await probeWebGpu() : choice === 'webgl' ? probeWebGl() : cpuProbe;
    if (!probe.available) throw new BackendUnavailableError(probe.reason, 'Pick Auto or CPU in the backend menu.');
    if (!(await start(tf, probe.name))) {
      throw new BackendUnavailableError(`${labels[probe.name]} is available in this browser, but it failed to start.`, 'Pick Auto or CPU in the backend menu.');
    }
    return { backend: { name: tf.getBackend(), software: probe.software, detail: probe.detail, chosen: 'menu', why: `${labels[probe.name]}: chosen in the menu` } };
  }

  const usable = candidates([await probeWebGpu(), probeWebGl(), cpuProbe]);
  const browser = [globalThis.navigator?.userAgent ?? 'node', ...usable.map((p) => `${p.name}=${p.detail}`)].join('|');
  const key = probeCacheKey(browser, plan.spec, plan.batchSize);
  const cached = cache[key];
  const names = usable.map((p) => p.name);
  const cacheFits = cached !== undefined && Object.keys(cached).length > 0 && Object.keys(cached).every((n) => names.includes(n as BackendName));
  let timings: Partial<Record<BackendName, BackendTiming>>;
  if (cacheFits) {
    timings = cached;
  } else {
    timings = {};
    for (const probe of usable) {
      onStatus?.(`Measuring ${labels[probe.name]} on this model…`);
      if (!(await start(tf, probe.name))) continue;
      try {
        timings[probe.name] = await timeTrainingSteps(tf, plan.spec, plan.batchSize);
      } catch {
        // A backend that cannot run this model is simply not a candidate.
      }
    }
  }

  const ranked = rankByEstimate(timings, plan.totalBatches).map((r) => ({ probe: usable.find((p) => p.name === r.name)!, estimateMs: r.estimateMs }));
  const estimates = Object.fromEntries(ranked.map((r) => [r.probe.name, Math.round(r.estimateMs)]));
  for (const [i, { probe }] of ranked.entries()) {
    if (!(await start(tf, probe.name))) continue;
    const source = cacheFits ? 'cached' : 'measured';
    return {
      backend: { name: tf.getBackend(), software: probe.software, detail: probe.detail, chosen: source, why: explainChoice(ranked.slice(i), source), estimates },
      measured: cacheFits ? undefined : { key, timings },
    };
  }
  throw new BackendUnavailableError('No TensorFlow.js backend could start in this browser.', 'Try another browser, such as a recent Chrome.');
}
