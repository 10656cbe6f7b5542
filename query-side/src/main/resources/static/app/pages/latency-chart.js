// A stacked horizontal bar per agent turn: how long each stage took after the caller stopped speaking.
// Plain SVG; no chart library needed for this one chart.
import { h } from '../ui.js';

const STAGES = [
  ['endOfSpeechDetectedMs', 'End of turn detected', '#8da0cb'],
  ['sttFinalMs', 'Final transcript', '#66c2a5'],
  ['firstReplyTextMs', 'First reply text', '#fc8d62'],
  ['firstAudioSynthesizedMs', 'First audio synthesized', '#e78ac3'],
  ['firstAudioSentMs', 'First audio sent', '#a6d854'],
];
const SVG = 'http://www.w3.org/2000/svg';

function svg(tag, attributes, text) {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  if (text !== undefined) element.textContent = text;
  return element;
}

export function latencyChart(turns) {
  // each stage's bar is the time since the previous stage that happened (the latency values are cumulative)
  const rows = turns.map((turn) => {
    let previous = 0;
    const l = turn.latency;
    const segments = [];
    STAGES.forEach(([key, label, color], index) => {
      const at = l[key];
      if (at === null || at === undefined) return;
      // end of speech is counted from the caller's last word; later stages from its detection
      const start = index === 0 ? 0 : previous;
      const end = index === 0 ? at : (l.endOfSpeechDetectedMs ?? 0) + at;
      segments.push({ label, color, start, end, ms: end - start });
      previous = end;
    });
    return { turn, segments, total: previous };
  });
  const max = Math.max(1, ...rows.map((row) => row.total));
  const width = 640;
  const left = 70;
  const bar = 22;
  const height = rows.length * (bar + 8) + 30;
  const chart = svg('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', class: 'latency-chart', id: 'latency-chart',
    'aria-label': 'Latency per agent turn, by stage, in milliseconds after the caller stopped speaking' });
  rows.forEach((row, i) => {
    const y = i * (bar + 8) + 4;
    chart.append(svg('text', { x: 0, y: y + bar * 0.7, class: 'label' }, `Turn ${row.turn.turn}`));
    for (const segment of row.segments) {
      const rect = svg('rect', { x: left + (segment.start / max) * (width - left - 60), y,
        width: Math.max(1, (segment.ms / max) * (width - left - 60)), height: bar, fill: segment.color });
      rect.append(svg('title', {}, `${segment.label}: +${segment.ms} ms (at ${segment.end} ms)`));
      chart.append(rect);
    }
    chart.append(svg('text', { x: left + (row.total / max) * (width - left - 60) + 4, y: y + bar * 0.7, class: 'label' }, `${row.total} ms`));
  });
  const legend = h('ul', { class: 'legend' }, STAGES.map(([, label, color]) =>
    h('li', {}, h('span', { class: 'swatch', style: `background:${color}` }), label)));
  return h('figure', { class: 'chart' }, chart, legend,
    h('figcaption', {}, 'Milliseconds from the end of the caller\'s speech; hover a bar for the stage.'));
}
