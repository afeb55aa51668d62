import type { TfModule } from '@/nodes/define-node';
import type { BackendChoice, BackendInfo } from './protocol';

/**
 * Picks the tfjs backend in the training worker. A software GPU is not a GPU: on machines without
 * one, Chrome's SwiftShader WebGPU fallback adapter trains ~15x slower than WebGL, so "auto" only
 * takes WebGPU when the adapter is real hardware.
 */

type BackendName = 'webgpu' | 'webgl' | 'cpu';

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
 * The backends to try, best first. "auto": real WebGPU, then WebGL (even software WebGL beats
 * the pure-JS CPU backend), then CPU, and a software WebGPU adapter only as the very last resort.
 */
export function candidates(choice: BackendChoice, probes: Probe[]): Probe[] {
  if (choice !== 'auto') return probes.filter((p) => p.name === choice);
  const find = (name: BackendName) => probes.filter((p) => p.name === name && p.available);
  const webgpu = find('webgpu');
  return [...webgpu.filter((p) => p.available && !p.software), ...find('webgl'), ...find('cpu'), ...webgpu.filter((p) => p.available && p.software)];
}

const labels: Record<BackendName, string> = { webgpu: 'WebGPU', webgl: 'WebGL', cpu: 'CPU' };

/** Probes what the browser offers, switches tfjs to the best usable backend, and says which one runs. */
export async function selectBackend(tf: TfModule, choice: BackendChoice): Promise<BackendInfo> {
  const probes: Probe[] = [];
  if (choice === 'auto' || choice === 'webgpu') probes.push(await probeWebGpu());
  if (choice === 'auto' || choice === 'webgl') probes.push(probeWebGl());
  probes.push(cpuProbe);
  for (const probe of candidates(choice, probes)) {
    if (!probe.available) {
      throw new BackendUnavailableError(probe.reason, 'Pick Auto or CPU in the backend menu.');
    }
    // setBackend resolves false (and logs) when the backend fails to start, e.g. the device is lost.
    const started = await tf.setBackend(probe.name).catch(() => false);
    if (started) {
      await tf.ready();
      return { name: tf.getBackend(), software: probe.software, detail: probe.detail };
    }
    if (choice !== 'auto') {
      throw new BackendUnavailableError(`${labels[probe.name]} is available in this browser, but it failed to start.`, 'Pick Auto or CPU in the backend menu.');
    }
  }
  throw new BackendUnavailableError('No TensorFlow.js backend could start in this browser.', 'Try another browser, such as a recent Chrome.');
}
