// The audit timeline: who did what to an agent or a call, or what one user did, newest first. Entries one request
// caused share a correlation id and are shown as one group. Reached from the navigation (your own activity), and
// as "History" from an agent's and a call's page: #/audit?entity=agent:{id}.
import { get, ApiError } from '../api.js';
import { h, show, loading, empty, failure, time, field } from '../ui.js';
import { pager } from './agents.js';

export const nav = { label: 'Audit', href: '#/audit' };

export const routes = { '/audit': page };

const TYPES = [['agent', 'Agent'], ['call', 'Call'], ['user', 'User']];

const json = (value) => (value === null || value === undefined ? '—' : typeof value === 'string' ? value : JSON.stringify(value));

function changesTable(changes) {
  return h('table', { class: 'table diff audit-diff' },
    h('thead', {}, h('tr', {}, ['Field', 'Before', 'After'].map((title) => h('th', {}, title)))),
    h('tbody', {}, changes.map((c) => h('tr', { dataset: { field: c.field } },
      h('td', {}, h('code', {}, c.field)),
      h('td', { class: 'removed' }, h('code', {}, json(c.before))),
      h('td', { class: 'added' }, h('code', {}, json(c.after)))))));
}

function entityLink(entity) {
  const [type, id] = entity.split(':');
  if (type === 'agent') return h('a', { href: `#/agents/${id}` }, `agent ${id.slice(0, 8)}`);
  if (type === 'call') return h('a', { href: `#/calls/${id}` }, `call ${id.slice(0, 8)}`);
  return `${type} ${id.slice(0, 8)}`;
}

/** Consecutive entries with the same correlation id: one request. */
function groups(items) {
  const result = [];
  for (const item of items) {
    const last = result.at(-1);
    if (last && item.correlationId && last.correlationId === item.correlationId) last.items.push(item);
    else result.push({ correlationId: item.correlationId, items: [item] });
  }
  return result;
}

function entryItem(entry, byUser) {
  const actor = entry.actorName || (entry.actorUserId ? `user ${entry.actorUserId.slice(0, 8)}` : 'the platform');
  return h('li', { class: 'audit-entry', dataset: { position: entry.position } },
    h('div', { class: 'audit-line' },
      h('time', { datetime: entry.at }, time(entry.at)),
      h('strong', { class: 'actor' }, actor),
      h('span', { class: 'action' }, entry.action),
      byUser ? h('span', { class: 'entity' }, '(', entityLink(entry.entity), ')') : null),
    entry.changes.length ? changesTable(entry.changes) : null);
}

/** One request: its entries under the correlation id they share. */
function groupItem(group, byUser) {
  const id = group.correlationId;
  return h('li', { class: 'audit-group', dataset: { correlationId: id || '' } },
    h('div', { class: 'audit-request' },
      group.items.length > 1 ? `One request, ${group.items.length} entries` : 'Request',
      ' · correlation id ', h('code', { title: id || '' }, id ? id.slice(0, 8) : '—')),
    h('ol', { class: 'audit-entries' }, group.items.map((entry) => entryItem(entry, byUser))));
}

async function page(container, params, session) {
  const agents = (await get('/api/v1/agents?size=100&includeArchived=true')).items;
  const [type0, id0] = (params.entity || `user:${session.me.userId}`).split(/:(.*)/s);
  const inputs = {
    type: h('select', { name: 'type', id: 'audit-type' }, TYPES.map(([value, label]) => h('option', { value, selected: value === type0 }, label))),
    id: h('input', { type: 'text', name: 'id', id: 'audit-id', value: id0 || '', list: 'audit-agents', autocomplete: 'off', spellcheck: 'false' }),
    from: h('input', { type: 'datetime-local', name: 'from', id: 'audit-from' }),
    to: h('input', { type: 'datetime-local', name: 'to', id: 'audit-to' }),
  };
  const agentChoices = h('datalist', { id: 'audit-agents' }, agents.map((a) => h('option', { value: a.agentId }, a.configuration.name)));
  const title = h('h1', {}, 'Audit');
  const results = h('div', { id: 'audit-results' });
  let pageNumber = 0;

  function heading() {
    const type = inputs.type.value;
    const id = inputs.id.value.trim();
    if (type === 'user' && id === session.me.userId) return 'Audit: your activity';
    if (type === 'agent') {
      const agent = agents.find((a) => a.agentId === id);
      return `Audit: agent ${agent ? `"${agent.configuration.name}"` : id}`;
    }
    return `Audit: ${type} ${id}`;
  }

  async function load() {
    const id = inputs.id.value.trim();
    if (!id) {
      show(results, empty('Enter the id of the agent, call or user whose history you want to see.'));
      return;
    }
    title.textContent = heading();
    const entity = `${inputs.type.value}:${id}`;
    const query = new URLSearchParams({ entity, page: pageNumber, size: 50 });
    if (inputs.from.value) query.set('from', new Date(inputs.from.value).toISOString());
    if (inputs.to.value) query.set('to', new Date(inputs.to.value).toISOString());
    // the filter is part of the address, so the page can be bookmarked and "back" returns to it
    history.replaceState(null, '', `#/audit?entity=${encodeURIComponent(entity)}`);
    show(results, loading('Loading the timeline…'));
    try {
      const answer = await get(`/api/v1/audit?${query}`);
      if (answer.items.length === 0) {
        show(results, empty('No entries in this time range.'));
        return;
      }
      const byUser = inputs.type.value === 'user';
      show(results,
        h('ol', { class: 'audit', id: 'audit-list' }, groups(answer.items).map((group) => groupItem(group, byUser))),
        pager(answer, (p) => { pageNumber = p; load(); }));
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) {
        show(results, empty(error.message));
      } else if (error instanceof ApiError && error.status === 400) {
        show(results, h('p', { class: 'state error', role: 'alert' }, Object.values(error.fieldErrors()).flat().join(' ') || error.message));
      } else {
        show(results, failure(error));
      }
    }
  }

  for (const input of Object.values(inputs)) {
    input.addEventListener('change', () => { pageNumber = 0; load(); });
  }
  show(container, title,
    h('div', { class: 'filters' },
      field('About', inputs.type), field('Id', inputs.id, 'An agent\'s id is suggested as you type.'), agentChoices,
      field('From', inputs.from), field('To', inputs.to)),
    results);
  await load();
  return null;
}
