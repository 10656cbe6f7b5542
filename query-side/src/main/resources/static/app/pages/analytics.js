// Analytics of the organization: calls per day (per hour for a range of up to two days), the duration histogram,
// outcomes, a table per agent version and the latency percentiles per pipeline stage. Dates are the
// organization's local dates (its time zone from the settings), as the API counts them. Every answer says
// whether its read model is live or being rebuilt; the page shows that above the numbers.
import { get } from '../api.js';
import { h, show, loading, empty, failure, duration, field } from '../ui.js';
import { columnChart, barList, percentileChart } from './charts.js';

export const nav = { label: 'Analytics', href: '#/analytics' };

export const routes = { '/analytics': page };

/** Ranges up to this many days are also drawn per hour. */
const HOURLY_DAYS = 2;

const STAGE_LABELS = {
  endOfSpeechDetected: 'End of turn detected',
  sttFinal: 'Final transcript',
  firstReplyText: 'First reply text',
  firstAudioSynthesized: 'First audio synthesized',
  firstAudioSent: 'First audio sent',
};

const words = (constant) => constant.toLowerCase().replaceAll('_', ' ');

/** Today as a local date (YYYY-MM-DD) in the given IANA time zone. */
function localToday(timeZone) {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

function addDays(date, days) {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

function daysBetween(from, to) {
  return Math.round((new Date(`${to}T00:00:00Z`) - new Date(`${from}T00:00:00Z`)) / 86_400_000);
}

/** The readModel of an answer in words; REBUILDING and CATCHING_UP carry a progress bar. */
export function readModelBanner(readModel) {
  if (!readModel) return null;
  const percent = Math.floor(readModel.progress * 100);
  if (readModel.state === 'LIVE') {
    return h('p', { class: 'read-model live-model', id: 'read-model', dataset: { state: readModel.state } },
      'Up to date: the numbers include every call so far.');
  }
  const text = readModel.state === 'REBUILDING'
    ? `Being rebuilt from the event store (${percent} %): the numbers cover only part of history for now.`
    : `Catching up with the newest events (${percent} %): the latest calls may be missing.`;
  return h('div', { class: 'read-model rebuilding', id: 'read-model', role: 'status', dataset: { state: readModel.state } },
    h('p', {}, text),
    h('progress', { max: 1, value: readModel.progress, 'aria-label': 'Read model progress' }));
}

async function page(container) {
  const [agents, settings] = await Promise.all([
    get('/api/v1/agents?size=100&includeArchived=true').then((answer) => answer.items),
    get('/api/v1/organization/settings').catch(() => null),
  ]);
  const timeZone = settings?.timeZone || Intl.DateTimeFormat().resolvedOptions().timeZone;
  const agentName = Object.fromEntries(agents.map((a) => [a.agentId, a.configuration.name]));
  const today = localToday(timeZone);

  const inputs = {
    from: h('input', { type: 'date', name: 'from', id: 'analytics-from', value: addDays(today, -6), max: today }),
    to: h('input', { type: 'date', name: 'to', id: 'analytics-to', value: today, max: today }),
    agentId: h('select', { name: 'agentId', id: 'analytics-agent' }, h('option', { value: '' }, 'All agents'),
      agents.map((a) => h('option', { value: a.agentId }, a.configuration.name))),
    agentVersion: h('select', { name: 'agentVersion', id: 'analytics-version', disabled: true }, h('option', { value: '' }, 'All versions')),
  };
  const status = h('div', { id: 'read-model-status' });
  const results = h('div', { id: 'analytics-results' });

  function versions() {
    const agent = agents.find((a) => a.agentId === inputs.agentId.value);
    show(inputs.agentVersion, h('option', { value: '' }, 'All versions'),
      agent ? Array.from({ length: agent.latestVersion || 0 }, (_, i) => h('option', { value: i + 1 }, `v${i + 1}`)) : null);
    inputs.agentVersion.disabled = !agent || !agent.latestVersion;
  }

  let generation = 0;
  let again = null;
  async function load() {
    const mine = ++generation;
    clearTimeout(again);
    const { from, to } = { from: inputs.from.value, to: inputs.to.value };
    if (!from || !to || to < from) {
      show(results, h('p', { class: 'state error', role: 'alert' }, 'Choose a start date on or before the end date.'));
      return;
    }
    show(results, loading('Loading analytics…'));
    const query = new URLSearchParams({ from, to });
    if (inputs.agentId.value) query.set('agentId', inputs.agentId.value);
    if (inputs.agentVersion.value) query.set('agentVersion', inputs.agentVersion.value);
    const hourly = daysBetween(from, to) < HOURLY_DAYS;
    try {
      const [daily, perHour, outcomes, byAgent, latency] = await Promise.all([
        get(`/api/v1/analytics/calls?${query}&interval=day`),
        hourly ? get(`/api/v1/analytics/calls?${query}&interval=hour`) : null,
        get(`/api/v1/analytics/outcomes?${query}`),
        get(`/api/v1/analytics/agents?${query}`),
        get(`/api/v1/analytics/latency?${query}`),
      ]);
      if (mine !== generation) return; // a newer filter's answers are on their way
      // the least complete of the answers (they share one read model; a rebuild may start between them)
      const order = { REBUILDING: 0, CATCHING_UP: 1, LIVE: 2 };
      const readModel = [daily, outcomes, byAgent, latency].map((a) => a.readModel)
        .sort((a, b) => order[a.state] - order[b.state] || a.progress - b.progress)[0];
      show(status, readModelBanner(readModel));
      show(results, render({ daily, perHour, outcomes, byAgent, latency }));
      // while the read model rebuilds or catches up, look again: the numbers grow until it is live
      if (readModel.state !== 'LIVE') again = setTimeout(load, 3000);
    } catch (error) {
      if (mine === generation) show(results, failure(error));
    }
  }

  function render({ daily, perHour, outcomes, byAgent, latency }) {
    const t = daily.total;
    const summary = h('dl', { class: 'facts', id: 'analytics-totals' },
      [['Calls', t.calls], ['Connected', t.connected], ['Ended', t.ended],
        ['Average duration', t.ended ? duration(t.durationMs / t.ended) : '—'],
        ['Caller talk time', duration(t.userTalkMs)], ['Agent talk time', duration(t.agentTalkMs)], ['Turns', t.turns]]
        .map(([term, value]) => [h('dt', {}, term), h('dd', { dataset: { total: term } }, value)]));
    if (t.calls === 0) {
      return [summary, empty('No calls in this range. Choose other dates or another agent.')];
    }
    const shortDate = (date) => date.slice(5);
    return [
      summary,
      h('h2', {}, 'Calls per day'),
      h('figure', { class: 'chart' }, columnChart({
        id: 'chart-calls-per-day', label: 'Calls per day',
        points: daily.points.map((p) => ({ label: shortDate(p.date), value: p.calls, title: `${p.date}: ${p.calls} calls, ${p.ended} ended` })),
      })),
      perHour ? [h('h2', {}, 'Calls per hour'), h('figure', { class: 'chart' }, columnChart({
        id: 'chart-calls-per-hour', label: 'Calls per hour of the day, organization time', color: '#8da0cb',
        points: perHour.points.map((p) => ({ label: perHour.points.length > 24 ? `${shortDate(p.date)} ${p.hour}h` : `${p.hour}h`,
          value: p.calls, title: `${p.date} ${String(p.hour).padStart(2, '0')}:00: ${p.calls} calls` })),
      }))] : null,
      h('div', { class: 'chart-grid' },
        h('section', {}, h('h2', {}, 'Duration of ended calls'),
          outcomes.endedCalls === 0 ? empty('No call has ended yet.') : h('figure', { class: 'chart' }, columnChart({
            id: 'chart-durations', label: 'Ended calls by duration', color: '#fc8d62',
            points: outcomes.durations.map((b) => ({ label: b.toSeconds === null ? `${b.fromSeconds}s+` : `<${b.toSeconds}s`, value: b.calls,
              title: `${b.fromSeconds}–${b.toSeconds ?? '∞'} s: ${b.calls} calls` })),
          }))),
        h('section', {}, h('h2', {}, 'End reasons'),
          outcomes.endedCalls === 0 ? empty('No call has ended yet.') : h('figure', { class: 'chart' }, barList({
            id: 'chart-outcomes', label: 'Ended calls by end reason',
            rows: outcomes.outcomes.map((o) => ({ label: words(o.reason), value: o.calls })),
          })))),
      h('h2', {}, 'Per agent and version'),
      byAgent.rows.length === 0 ? empty('No agent had calls.') : h('table', { class: 'table', id: 'analytics-agents' },
        h('thead', {}, h('tr', {}, ['Agent', 'Version', 'Calls', 'Connected', 'Ended', 'Average duration', 'Caller talk', 'Agent talk']
          .map((title) => h('th', {}, title)))),
        h('tbody', {}, byAgent.rows.map((r) => h('tr', { dataset: { agentId: r.agentId, agentVersion: r.agentVersion } },
          h('td', { 'data-label': 'Agent' }, h('a', { href: `#/agents/${r.agentId}` }, agentName[r.agentId] || r.agentId.slice(0, 8))),
          h('td', { 'data-label': 'Version' }, `v${r.agentVersion}`), h('td', { class: 'calls', 'data-label': 'Calls' }, r.calls),
          h('td', { 'data-label': 'Connected' }, r.connected), h('td', { 'data-label': 'Ended' }, r.ended),
          h('td', { 'data-label': 'Average duration' }, duration(r.averageDurationMs)),
          h('td', { 'data-label': 'Caller talk' }, duration(r.userTalkMs)), h('td', { 'data-label': 'Agent talk' }, duration(r.agentTalkMs)))))),
      h('h2', {}, 'Latency per pipeline stage'),
      latency.stages.every((s) => s.turns === 0) ? empty('No agent turn was measured in this range.') : [
        h('figure', { class: 'chart' }, percentileChart({ id: 'chart-latency', label: 'Latency percentiles per stage, ms after the caller stopped speaking',
          stages: latency.stages, stageLabel: (stage) => STAGE_LABELS[stage] || stage }),
        h('figcaption', {}, 'Milliseconds from the end of the caller\'s speech to each stage; hover a bar for its value.')),
        h('table', { class: 'table', id: 'analytics-latency' },
          h('thead', {}, h('tr', {}, ['Stage', 'Turns', 'p50', 'p90', 'p95', 'p99', 'max'].map((title) => h('th', {}, title)))),
          h('tbody', {}, latency.stages.map((s) => h('tr', { dataset: { stage: s.stage } }, h('td', { 'data-label': 'Stage' }, STAGE_LABELS[s.stage] || s.stage),
            h('td', { 'data-label': 'Turns' }, s.turns),
            ['p50', 'p90', 'p95', 'p99', 'max'].map((key) => h('td', { 'data-label': key }, s[key] === null ? '—' : `${s[key]} ms`))))))],
    ];
  }

  inputs.agentId.addEventListener('change', () => { versions(); load(); });
  for (const name of ['from', 'to', 'agentVersion']) inputs[name].addEventListener('change', load);
  show(container,
    h('h1', {}, 'Analytics'),
    h('p', { class: 'live' }, `Dates are local to your organization (${timeZone}); a call counts on the day it was requested.`),
    h('div', { class: 'filters' },
      field('From', inputs.from), field('To', inputs.to), field('Agent', inputs.agentId), field('Version', inputs.agentVersion)),
    status, results);
  await load();
  return () => { generation += 1; clearTimeout(again); };
}
