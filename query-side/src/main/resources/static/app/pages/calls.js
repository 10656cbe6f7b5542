// Calls: the API's filters and paging, live status of calls in progress (server push), and one call in detail:
// transcript, recording, per-turn latency by stage, outcome, tool invocations and provider errors.
import { get, blobUrl, stream } from '../api.js';
import { h, show, loading, empty, failure, time, duration, badge, field } from '../ui.js';
import { pager } from './agents.js';
import { latencyChart } from './latency-chart.js';

export const nav = { label: 'Calls', href: '#/calls' };

export const routes = {
  '/calls': list,
  '/calls/:callId': detail,
};

async function list(container) {
  const agents = (await get('/api/v1/agents?size=100&includeArchived=true')).items;
  const agentName = Object.fromEntries(agents.map((a) => [a.agentId, a.configuration.name]));
  const filters = {
    agentId: h('select', { name: 'agentId' }, h('option', { value: '' }, 'Any agent'),
      agents.map((a) => h('option', { value: a.agentId }, a.configuration.name))),
    status: h('select', { name: 'status' }, h('option', { value: '' }, 'Any status'),
      ['REQUESTED', 'RINGING', 'IN_PROGRESS', 'ENDED'].map((s) => h('option', { value: s }, s.toLowerCase().replace('_', ' ')))),
    direction: h('select', { name: 'direction' }, h('option', { value: '' }, 'Any direction'),
      ['WEB', 'INBOUND', 'OUTBOUND'].map((s) => h('option', { value: s }, s.toLowerCase()))),
    from: h('input', { type: 'datetime-local', name: 'from' }),
    to: h('input', { type: 'datetime-local', name: 'to' }),
    q: h('input', { type: 'search', name: 'q', placeholder: 'Words in the transcript' }),
  };
  const results = h('div', { id: 'call-list' });
  const live = h('p', { class: 'live', id: 'live-status', role: 'status' }, 'Connecting to live updates…');
  let page = 0;
  let rows = new Map();

  function row(call) {
    return h('tr', { dataset: { callId: call.callId } },
      h('td', {}, h('a', { href: `#/calls/${call.callId}`, class: 'call-link' }, time(call.requestedAt))),
      h('td', {}, agentName[call.agentId] || call.agentId.slice(0, 8), ` v${call.agentVersion}`),
      h('td', {}, call.direction.toLowerCase()),
      h('td', {}, badge(call.status)),
      h('td', {}, call.endReason ? call.endReason.toLowerCase().replaceAll('_', ' ') : '—'),
      h('td', {}, duration(call.durationMs)),
      h('td', {}, call.turnCount));
  }

  async function load() {
    show(results, loading('Loading calls…'));
    const query = new URLSearchParams({ page, size: 20 });
    for (const [name, input] of Object.entries(filters)) {
      if (!input.value) continue;
      query.set(name, name === 'from' || name === 'to' ? new Date(input.value).toISOString() : input.value.trim());
    }
    try {
      const answer = await get(`/api/v1/calls?${query}`);
      rows = new Map();
      if (answer.items.length === 0) {
        show(results, empty('No calls match.'));
        return;
      }
      const body = h('tbody', {}, answer.items.map((call) => { const r = row(call); rows.set(call.callId, r); return r; }));
      show(results,
        h('table', { class: 'table' },
          h('thead', {}, h('tr', {}, ['Requested', 'Agent', 'Direction', 'Status', 'End reason', 'Duration', 'Turns'].map((t) => h('th', {}, t)))),
          body),
        pager(answer, (p) => { page = p; load(); }));
    } catch (error) {
      show(results, failure(error));
    }
  }

  for (const input of Object.values(filters)) {
    input.addEventListener('change', () => { page = 0; load(); });
  }
  show(container, h('h1', {}, 'Calls'), live,
    h('div', { class: 'filters' },
      field('Agent', filters.agentId), field('Status', filters.status), field('Direction', filters.direction),
      field('From', filters.from), field('To', filters.to), field('Transcript', filters.q)),
    results);
  await load();

  // live status: each change of one of the organization's calls replaces its row (or adds it on the first page)
  const stop = stream('/api/v1/calls/live', (event) => {
    if (event.type === 'connected') {
      live.textContent = 'Live: statuses update as calls progress.';
      return;
    }
    const call = event.call;
    const existing = rows.get(call.callId);
    if (existing) {
      const replacement = row(call);
      existing.replaceWith(replacement);
      rows.set(call.callId, replacement);
    } else if (page === 0 && (!filters.agentId.value || filters.agentId.value === call.agentId)) {
      load(); // a call not shown yet: the first page again, with the filters (the server applies them)
    }
  }, () => { live.textContent = 'Live updates stopped; reload the page to resume.'; });
  return stop;
}

// the detail follows the live stream until the call has ended and its recording is stored
async function detail(container, { callId }) {
  let stop = null;
  let revoke = null;
  const refresh = async () => {
    const call = await get(`/api/v1/calls/${callId}`);
    revoke?.();
    revoke = await renderDetail(container, call);
    if (call.status === 'ENDED' && call.recording) stop?.();
    return call;
  };
  const call = await refresh();
  if (call.status !== 'ENDED' || !call.recording) {
    stop = stream('/api/v1/calls/live', (event) => {
      // 'connected': look again, a change may have come between the first read and the subscription
      if (event.type === 'connected' || event.call.callId === callId) refresh().catch((error) => show(container, failure(error)));
    });
  }
  return () => { stop?.(); revoke?.(); };
}

async function renderDetail(container, call) {
  const { callId } = call;
  const agent = await get(`/api/v1/agents/${call.agentId}`).catch(() => null);
  const audio = h('div', { id: 'recording' });

  const agentTurns = call.turns.filter((turn) => turn.speaker === 'AGENT' && turn.latency);
  show(container,
    h('div', { class: 'page-head' }, h('h1', {}, `Call with ${agent ? agent.configuration.name : 'an agent'}`), badge(call.status),
      h('a', { href: `#/audit?entity=call:${callId}`, class: 'button secondary', id: 'call-history' }, 'History')),
    h('dl', { class: 'facts', id: 'call-facts' },
      [['Agent version', `v${call.agentVersion}`], ['Direction', call.direction.toLowerCase()],
        ['Requested', time(call.requestedAt)], ['Connected', time(call.connectedAt)], ['Ended', time(call.endedAt)],
        ['Duration', duration(call.durationMs)],
        ['Outcome', call.status === 'ENDED' ? (call.endReason === 'ERROR' ? 'failed' : 'completed') : 'in progress'],
        ['End reason', call.endReason ? `${call.endReason.toLowerCase().replaceAll('_', ' ')}${call.endDetail ? ` (${call.endDetail})` : ''}` : '—'],
        ['Transferred to', call.transferredTo || '—']]
        .map(([term, value]) => [h('dt', {}, term), h('dd', {}, value)])),
    h('h2', {}, 'Recording'), audio,
    h('h2', {}, 'Transcript'),
    call.turns.length === 0 ? empty('Nobody said anything.') : h('ol', { class: 'transcript', id: 'transcript' },
      call.turns.map((turn) => h('li', { class: `turn ${turn.speaker.toLowerCase()}` },
        h('span', { class: 'speaker' }, turn.speaker === 'AGENT' ? 'Agent' : 'Caller'),
        h('time', {}, duration(turn.startedAtMs)),
        h('p', {}, turn.text, turn.interrupted ? h('em', {}, ' (interrupted)') : null)))),
    h('h2', {}, 'Latency per turn'),
    agentTurns.length === 0 ? empty('No agent turns with timings.') : latencyChart(agentTurns),
    h('h2', {}, 'Tool invocations'),
    call.toolInvocations.length === 0 ? empty('No tools were called.') : h('table', { class: 'table', id: 'tools' },
      h('thead', {}, h('tr', {}, ['Tool', 'Arguments', 'Result', 'Duration'].map((t) => h('th', {}, t)))),
      h('tbody', {}, call.toolInvocations.map((tool) => h('tr', {},
        h('td', {}, tool.toolName), h('td', {}, h('code', {}, tool.arguments)),
        h('td', {}, tool.error ? h('span', { class: 'error' }, tool.error) : h('code', {}, tool.result)),
        h('td', {}, `${tool.durationMs} ms`))))),
    h('h2', {}, 'Provider errors'),
    call.providerErrors.length === 0 ? empty('No provider failed.') : h('table', { class: 'table', id: 'provider-errors' },
      h('thead', {}, h('tr', {}, ['Stage', 'Provider', 'Error', 'Message', 'Served by'].map((t) => h('th', {}, t)))),
      h('tbody', {}, call.providerErrors.map((e) => h('tr', {},
        h('td', {}, e.stage), h('td', {}, e.provider), h('td', {}, e.errorClass), h('td', {}, e.message), h('td', {}, e.fallback || '—'))))));

  if (call.recording) {
    show(audio, loading('Loading the recording…'));
    try {
      const url = await blobUrl(`/api/v1/calls/${callId}/recording`);
      show(audio, h('audio', { controls: true, src: url, id: 'recording-player', 'aria-label': 'Call recording' }),
        h('small', {}, 'Stereo: caller left, agent right.'));
      return () => URL.revokeObjectURL(url);
    } catch (error) {
      show(audio, failure(error));
    }
  } else {
    show(audio, empty(call.status === 'ENDED' ? 'The recording is being stored…' : 'Recorded when the call ends.'));
  }
  return null;
}
