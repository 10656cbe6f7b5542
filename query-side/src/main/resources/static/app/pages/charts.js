// Plain SVG charts for the analytics page (no library), drawn like the call detail's latency chart: a viewBox
// that scales with the page, a <title> on every mark for the exact value, and an aria-label for the whole chart.
import { h } from '../ui.js';

const SVG = 'http://www.w3.org/2000/svg';
const WIDTH = 640;

export function svg(tag, attributes, text) {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  if (text !== undefined) element.textContent = text;
  return element;
}

/** Vertical bars, one per point ({label, value, title}); at most ~12 x-axis labels are written. */
export function columnChart({ id, label, points, format = String, color = '#2454d6' }) {
  const height = 220;
  const left = 44;
  const bottom = 28;
  const top = 12;
  const max = Math.max(1, ...points.map((p) => p.value));
  const slot = (WIDTH - left - 8) / Math.max(1, points.length);
  const every = Math.max(1, Math.ceil(points.length / 12));
  const chart = svg('svg', { viewBox: `0 0 ${WIDTH} ${height}`, role: 'img', class: 'bar-chart', id, 'aria-label': label });
  const plot = height - bottom - top;
  chart.append(svg('line', { x1: left, y1: top + plot, x2: WIDTH - 8, y2: top + plot, class: 'axis' }));
  chart.append(svg('text', { x: left - 6, y: top + 4, class: 'label', 'text-anchor': 'end' }, format(max)));
  chart.append(svg('text', { x: left - 6, y: top + plot, class: 'label', 'text-anchor': 'end' }, format(0)));
  points.forEach((point, i) => {
    const x = left + i * slot;
    const barHeight = (point.value / max) * plot;
    if (point.value > 0) {
      const barWidth = Math.max(1, Math.min(48, slot * 0.8));
      const rect = svg('rect', { x: x + (slot - barWidth) / 2, y: top + plot - barHeight, width: barWidth,
        height: Math.max(1, barHeight), fill: color, class: 'bar' });
      rect.setAttribute('data-value', point.value);
      rect.append(svg('title', {}, point.title || `${point.label}: ${format(point.value)}`));
      chart.append(rect);
    }
    if (i % every === 0) {
      chart.append(svg('text', { x: x + slot / 2, y: height - 8, class: 'label', 'text-anchor': 'middle' }, point.label));
    }
  });
  return chart;
}

/** Horizontal bars, one per row ({label, value}); the value is written after the bar. */
export function barList({ id, label, rows, format = String, color = '#66c2a5' }) {
  const bar = 20;
  const left = 150;
  const height = rows.length * (bar + 6) + 6;
  const max = Math.max(1, ...rows.map((r) => r.value));
  const chart = svg('svg', { viewBox: `0 0 ${WIDTH} ${height}`, role: 'img', class: 'bar-chart', id, 'aria-label': label });
  rows.forEach((row, i) => {
    const y = i * (bar + 6) + 4;
    chart.append(svg('text', { x: left - 8, y: y + bar * 0.72, class: 'label', 'text-anchor': 'end' }, row.label));
    const width = (row.value / max) * (WIDTH - left - 70);
    if (row.value > 0) {
      const rect = svg('rect', { x: left, y, width: Math.max(1, width), height: bar, fill: color, class: 'bar' });
      rect.setAttribute('data-value', row.value);
      rect.append(svg('title', {}, `${row.label}: ${format(row.value)}`));
      chart.append(rect);
    }
    chart.append(svg('text', { x: left + width + 6, y: y + bar * 0.72, class: 'label' }, format(row.value)));
  });
  return chart;
}

const PERCENTILES = [['p99', '#c6dbef'], ['p95', '#9ecae1'], ['p90', '#4292c6'], ['p50', '#08519c']];

/** One row per stage: the p99, p95, p90 and p50 bars drawn over each other, darkest the median. */
export function percentileChart({ id, label, stages, stageLabel }) {
  const bar = 22;
  const left = 170;
  const height = stages.length * (bar + 8) + 6;
  const max = Math.max(1, ...stages.map((s) => s.p99 ?? 0));
  const chart = svg('svg', { viewBox: `0 0 ${WIDTH} ${height}`, role: 'img', class: 'bar-chart', id, 'aria-label': label });
  stages.forEach((stage, i) => {
    const y = i * (bar + 8) + 4;
    chart.append(svg('text', { x: left - 8, y: y + bar * 0.7, class: 'label', 'text-anchor': 'end' }, stageLabel(stage.stage)));
    if (stage.p50 === null) {
      chart.append(svg('text', { x: left, y: y + bar * 0.7, class: 'label muted' }, 'not measured'));
      return;
    }
    for (const [key, color] of PERCENTILES) {
      const rect = svg('rect', { x: left, y, width: Math.max(1, (stage[key] / max) * (WIDTH - left - 90)), height: bar, fill: color, class: 'bar' });
      rect.append(svg('title', {}, `${stageLabel(stage.stage)} ${key}: ${stage[key]} ms`));
      chart.append(rect);
    }
    chart.append(svg('text', { x: left + (stage.p99 / max) * (WIDTH - left - 90) + 6, y: y + bar * 0.7, class: 'label' }, `${stage.p99} ms`));
  });
  const legend = h('ul', { class: 'legend' }, [...PERCENTILES].reverse().map(([key, color]) =>
    h('li', {}, h('span', { class: 'swatch', style: `background:${color}` }), key)));
  return h('div', {}, chart, legend);
}
