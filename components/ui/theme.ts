import type { Category, PortType } from '@/nodes/define-node';

/** One accent per category, used on node headers, palette sections and the minimap. */
export const categoryColor: Record<Category, string> = {
  data: '#38bdf8',
  preprocess: '#a78bfa',
  layer: '#818cf8',
  loss: '#f472b6',
  optimizer: '#2dd4bf',
  metric: '#a3e635',
};

export const categoryLabel: Record<Category, string> = {
  data: 'Data',
  preprocess: 'Preprocess',
  layer: 'Layer',
  loss: 'Loss',
  optimizer: 'Optimizer',
  metric: 'Metric',
};

/** Handles and wires take the colour of what flows through them, so a wrong wire looks wrong. */
export const portColor: Record<PortType, string> = {
  table: '#86efac',
  tensor: '#93c5fd',
  labels: '#fbbf24',
  loss: '#f472b6',
};

export const portTypeLabel: Record<PortType, string> = {
  table: 'table',
  tensor: 'tensor',
  labels: 'labels',
  loss: 'loss',
};

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

export function formatPercent(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}

export function formatLoss(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  return Math.abs(x) >= 100 ? x.toFixed(0) : x.toFixed(4);
}
