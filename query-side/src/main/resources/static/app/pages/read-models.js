// The event processors of this node for platform operators: position against the head of the event store,
// events per second, estimated time left, and the replay of a query-side read model with a progress bar that
// follows the rebuild (GET /api/v1/admin/projections/{name} every second while it rebuilds or catches up).
// Operator only, like the API routes: other users see neither the navigation entry nor the page.
import { get, post } from '../api.js';
import { h, show, empty } from '../ui.js';

export const nav = { label: 'Read models', href: '#/read-models' };

export const routes = { '/read-models': page };

export const allowed = (session) => session.isOperator;

function seconds(value) {
  if (value === null || value === undefined) return '—';
  if (value < 60) return `${value} s`;
  return `${Math.floor(value / 60)} min ${value % 60} s`;
}

async function page(container) {
  const timers = new Map();
  const rows = new Map();
  const message = h('p', { id: 'read-models-message', role: 'status', class: 'notice' });
  const table = h('tbody', {});

  function row(status) {
    const busy = status.state !== 'LIVE';
    const percent = Math.floor(status.progress * 100);
    return h('tr', { dataset: { processor: status.name, state: status.state } },
      h('td', {}, h('strong', {}, status.name), status.error ? h('div', { class: 'error' }, status.error) : null,
        status.running ? null : h('div', { class: 'error' }, 'stopped')),
      h('td', { class: 'state-cell' }, h('span', { class: `badge badge-${status.state.toLowerCase()}` }, status.state.toLowerCase().replace('_', ' ')),
        h('div', { class: 'progress-line' },
          h('progress', { max: 1, value: status.progress, 'aria-label': `${status.name} progress` }),
          h('span', { class: 'percent' }, `${percent} %`))),
      h('td', { class: 'position' }, `${status.position ?? '—'} / ${status.head}`, status.behind ? h('small', {}, ` (${status.behind} behind)`) : null),
      h('td', {}, status.eventsPerSecond === null ? '—' : `${Math.round(status.eventsPerSecond)} /s`),
      h('td', {}, busy ? seconds(status.estimatedSecondsLeft) : '—'),
      h('td', {}, status.replayable
        ? h('button', { type: 'button', class: 'secondary replay', id: `replay-${status.name}`, disabled: busy,
          'aria-label': `Replay ${status.name}`, onclick: () => replay(status.name) }, busy ? 'Rebuilding…' : 'Replay')
        : h('small', { title: 'Sagas and processors with side effects are never replayed' }, 'not replayable')));
  }

  function update(status) {
    const replacement = row(status);
    const existing = rows.get(status.name);
    if (existing) existing.replaceWith(replacement); else table.append(replacement);
    rows.set(status.name, replacement);
    if (status.state !== 'LIVE') follow(status.name);
  }

  // every second while the processor is behind; stops once it is live again
  function follow(name) {
    if (timers.has(name)) return;
    const tick = async () => {
      try {
        const status = await get(`/api/v1/admin/projections/${encodeURIComponent(name)}`);
        timers.delete(name);
        update(status);
        if (status.state === 'LIVE') message.textContent = `${name} is rebuilt and live.`;
      } catch (error) {
        timers.delete(name);
        message.textContent = `Could not follow ${name}: ${error.message}`;
      }
    };
    timers.set(name, setTimeout(tick, 1000));
  }

  async function replay(name) {
    if (!window.confirm(`Rebuild ${name} from the whole event store? Its numbers cover only part of history until it is done, for every organization.`)) return;
    message.textContent = `Replaying ${name}…`;
    try {
      update(await post(`/api/v1/admin/projections/${encodeURIComponent(name)}/replay`));
      follow(name);
    } catch (error) {
      message.textContent = `Replay of ${name} refused: ${error.message}`;
    }
  }

  const processors = await get('/api/v1/admin/projections');
  show(container,
    h('h1', {}, 'Read models'),
    h('p', { class: 'live' }, 'The event processors of the node that answers, platform-wide (every organization). A replay clears a read model and rebuilds it from the event store while the platform keeps serving.'),
    message,
    processors.length === 0 ? empty('No event processors on this node.') : h('table', { class: 'table', id: 'read-models' },
      h('thead', {}, h('tr', {}, ['Processor', 'State', 'Position / head', 'Rate', 'Time left', ''].map((title) => h('th', {}, title)))),
      table));
  processors.forEach(update);
  return () => { for (const timer of timers.values()) clearTimeout(timer); timers.clear(); };
}
