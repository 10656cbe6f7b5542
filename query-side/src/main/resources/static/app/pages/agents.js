// Agents: list with search and status, create and edit every configuration field, publish, versions with a
// diff, archive and restore. Write controls are only drawn for editors and admins (the API refuses viewers anyway).
import { get, post, patch, del, ApiError } from '../api.js';
import { h, show, loading, empty, failure, time, badge, field } from '../ui.js';

export const nav = { label: 'Agents', href: '#/agents' };

export const routes = {
  '/agents': list,
  '/agents/new': (container, params, session) => editor(container, null, session),
  '/agents/:agentId': (container, params, session) => detail(container, params.agentId, session),
};

// ------------------------------------------------------------------------------------------------ list

async function list(container, params, session) {
  const name = h('input', { type: 'search', name: 'name', placeholder: 'Search by name' });
  const status = h('select', { name: 'status' },
    h('option', { value: '' }, 'Any status'),
    ['DRAFT', 'PUBLISHED', 'ARCHIVED'].map((s) => h('option', { value: s }, s.toLowerCase())));
  const results = h('div', { id: 'agent-list' });
  let page = 0;

  async function load() {
    show(results, loading('Loading agents…'));
    const query = new URLSearchParams({ page, size: 20 });
    if (name.value.trim()) query.set('name', name.value.trim());
    if (status.value) query.set('status', status.value);
    if (status.value === 'ARCHIVED') query.set('includeArchived', 'true');
    try {
      const answer = await get(`/api/v1/agents?${query}`);
      if (answer.items.length === 0) {
        show(results, empty(name.value || status.value ? 'No agent matches.' : 'No agents yet.'));
        return;
      }
      show(results,
        h('table', { class: 'table' },
          h('thead', {}, h('tr', {}, h('th', {}, 'Name'), h('th', {}, 'Status'), h('th', {}, 'Version'), h('th', {}, 'Updated'))),
          h('tbody', {}, answer.items.map((agent) => h('tr', {},
            h('td', {}, h('a', { href: `#/agents/${agent.agentId}`, class: 'agent-link' }, agent.configuration.name)),
            h('td', {}, badge(agent.status)),
            h('td', {}, agent.latestVersion ?? '—'),
            h('td', {}, time(agent.updatedAt)))))),
        pager(answer, (p) => { page = p; load(); }));
    } catch (error) {
      show(results, failure(error));
    }
  }

  let debounce;
  name.addEventListener('input', () => { clearTimeout(debounce); debounce = setTimeout(() => { page = 0; load(); }, 250); });
  status.addEventListener('change', () => { page = 0; load(); });
  show(container,
    h('div', { class: 'page-head' },
      h('h1', {}, 'Agents'),
      session.canWrite ? h('a', { href: '#/agents/new', class: 'button', id: 'new-agent' }, 'New agent') : null),
    h('div', { class: 'filters' }, field('Name', name), field('Status', status)),
    results);
  await load();
}

export function pager(answer, go) {
  if (answer.totalPages <= 1) return null;
  return h('div', { class: 'pager' },
    h('button', { type: 'button', disabled: answer.page === 0, onclick: () => go(answer.page - 1) }, 'Previous'),
    h('span', {}, `Page ${answer.page + 1} of ${answer.totalPages}${answer.totalExact === false ? '+' : ''} (${answer.totalItems}${answer.totalExact === false ? '+' : ''})`),
    h('button', { type: 'button', disabled: answer.page + 1 >= answer.totalPages, onclick: () => go(answer.page + 1) }, 'Next'));
}

// ------------------------------------------------------------------------------------------------ form

const FIELDS = [
  // [path, label, kind, options]
  ['name', 'Name', 'text'],
  ['systemPrompt', 'System prompt', 'textarea', { hint: 'Use {{variable}} placeholders; built-ins such as {{current_time}} are filled per call.' }],
  ['firstMessage', 'First message', 'textarea', { hint: 'Empty: the caller speaks first.' }],
  ['language', 'Language', 'text', { hint: 'BCP 47, e.g. en-US' }],
  ['voice.provider', 'Voice provider', 'select', { choices: ['freetts', 'flite', 'elevenlabs'] }],
  ['voice.voiceId', 'Voice', 'text'],
  ['stt.provider', 'Speech recognition provider', 'select', { choices: ['vosk', 'deepgram'] }],
  ['stt.model', 'Speech recognition model', 'text'],
  ['llm.provider', 'Language model provider', 'select', { choices: ['offline', 'openai', 'anthropic', 'ollama'] }],
  ['llm.model', 'Language model', 'text'],
  ['llm.temperature', 'Temperature', 'number', { step: '0.1' }],
  ['llm.maxTokens', 'Max reply tokens', 'number'],
  ['llm.contextTokens', 'Context tokens', 'number', { hint: 'Empty: the platform default.' }],
  ['maxCallDurationSeconds', 'Maximum call duration (s)', 'number'],
  ['silenceTimeoutSeconds', 'Silence timeout (s)', 'number'],
  ['endOfTurnSilenceMs', 'End-of-turn silence (ms)', 'number'],
  ['endCallPhrases', 'End-call phrases', 'lines', { hint: 'One per line.' }],
  ['knowledge', 'Knowledge', 'textarea', { hint: 'FAQ text the agent answers from.' }],
  ['variables', 'Variables', 'pairs', { hint: 'One name=value per line.' }],
  ['transferNumbers', 'Transfer numbers', 'lines', { hint: 'E.164, one per line.' }],
  ['tools', 'HTTP tools (JSON)', 'json', { hint: 'A JSON array of {name, description, parameters, url, timeoutMs}.' }],
];

function read(configuration, path) {
  return path.split('.').reduce((value, key) => (value == null ? value : value[key]), configuration);
}

function toInput(kind, value) {
  if (value === null || value === undefined) return '';
  if (kind === 'lines') return value.join('\n');
  if (kind === 'pairs') return Object.entries(value).map(([k, v]) => `${k}=${v}`).join('\n');
  if (kind === 'json') return value.length ? JSON.stringify(value, null, 2) : '';
  return String(value);
}

function fromInput(kind, text) {
  const trimmed = text.trim();
  if (kind === 'number') return trimmed === '' ? null : Number(trimmed);
  if (kind === 'lines') return trimmed === '' ? [] : trimmed.split('\n').map((line) => line.trim()).filter(Boolean);
  if (kind === 'pairs') {
    return Object.fromEntries(trimmed === '' ? [] : trimmed.split('\n').filter((l) => l.trim()).map((line) => {
      const at = line.indexOf('=');
      return at < 0 ? [line.trim(), ''] : [line.slice(0, at).trim(), line.slice(at + 1).trim()];
    }));
  }
  if (kind === 'json') {
    if (trimmed === '') return [];
    try { return JSON.parse(trimmed); } catch { throw new SyntaxError('is not valid JSON'); }
  }
  return text;
}

/** The form's values as a configuration body (nested objects for voice/stt/llm). */
function collect(form) {
  const body = {};
  const problems = {};
  for (const [path, , kind] of FIELDS) {
    const input = form.elements[path];
    let value;
    try { value = fromInput(kind, input.value); } catch (error) { problems[path] = [error.message]; continue; }
    const keys = path.split('.');
    let target = body;
    for (const key of keys.slice(0, -1)) target = target[key] ||= {};
    target[keys.at(-1)] = value;
  }
  return { body, problems };
}

function showErrors(form, byField, message) {
  form.querySelectorAll('.field-error').forEach((span) => { span.textContent = ''; });
  form.querySelectorAll('[aria-invalid]').forEach((input) => input.removeAttribute('aria-invalid'));
  const unplaced = [];
  for (const [apiField, messages] of Object.entries(byField)) {
    // "tools[0].url" belongs to "tools", "variables[x]" to "variables", "llm.temperature" to itself
    const base = apiField.replace(/\[.*$/, '');
    const path = FIELDS.map(([p]) => p).filter((p) => base === p || base.startsWith(`${p}.`)).sort((a, b) => b.length - a.length)[0]
      || FIELDS.map(([p]) => p).find((p) => p.startsWith(`${base}.`));
    const input = path && form.elements[path];
    if (input) {
      input.setAttribute('aria-invalid', 'true');
      const span = form.querySelector(`#${CSS.escape(input.id)}-error`);
      span.textContent = (span.textContent ? `${span.textContent}; ` : '') + messages.join('; ');
    } else {
      unplaced.push(`${apiField}: ${messages.join('; ')}`);
    }
  }
  const banner = form.querySelector('.form-error');
  banner.textContent = [message, ...unplaced].filter(Boolean).join(' — ');
  banner.hidden = !banner.textContent;
}

async function editor(container, agent, session) {
  if (!session.canWrite) {
    show(container, failure(new Error('Viewers cannot change agents.')));
    return;
  }
  const configuration = agent?.configuration || {
    name: '', systemPrompt: '', firstMessage: 'Hello! How can I help you today?', language: 'en-US',
    voice: { provider: 'freetts', voiceId: 'kevin16' }, stt: { provider: 'vosk', model: 'vosk-model-en-us' },
    llm: { provider: 'offline', model: 'faq-retrieval', temperature: 0.7, maxTokens: 256, contextTokens: null },
    maxCallDurationSeconds: 600, silenceTimeoutSeconds: 30, endOfTurnSilenceMs: 600,
    endCallPhrases: ['goodbye', 'bye bye'], knowledge: '', variables: {}, transferNumbers: [], tools: [],
  };
  const form = h('form', { id: 'agent-form', novalidate: true, class: 'form' },
    h('p', { class: 'form-error', role: 'alert', hidden: true }),
    FIELDS.map(([path, label, kind, options = {}]) => {
      const value = toInput(kind, read(configuration, path));
      let input;
      if (kind === 'select') {
        input = h('select', { name: path }, options.choices.map((choice) => h('option', { value: choice, selected: choice === value }, choice)));
      } else if (['textarea', 'lines', 'pairs', 'json'].includes(kind)) {
        input = h('textarea', { name: path, rows: kind === 'json' || path === 'systemPrompt' || path === 'knowledge' ? 5 : 3 });
        input.value = value;
      } else {
        input = h('input', { name: path, type: kind, step: options.step, value });
      }
      return field(label, input, options.hint);
    }),
    h('div', { class: 'actions' },
      h('button', { type: 'submit', id: 'save-agent' }, agent ? 'Save changes' : 'Create agent'),
      h('a', { href: agent ? `#/agents/${agent.agentId}` : '#/agents', class: 'button secondary' }, 'Cancel')));

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const { body, problems } = collect(form);
    if (Object.keys(problems).length) {
      showErrors(form, problems, 'Please correct the marked fields.');
      return;
    }
    const button = form.querySelector('#save-agent');
    button.disabled = true;
    try {
      if (agent) {
        await patch(`/api/v1/agents/${agent.agentId}`, body, { 'If-Match': `"${agent.revision}"` });
        await detail(container, agent.agentId, session); // same route: no hashchange to re-render it
        container.querySelector('#agent-message').textContent = 'Saved.';
      } else {
        const created = await post('/api/v1/agents', body);
        location.hash = `#/agents/${created.agentId}`;
      }
    } catch (error) {
      if (error instanceof ApiError && error.status === 409 && agent && error.problem.code !== 'AGENT_NAME_TAKEN') {
        showErrors(form, {}, 'Someone changed this agent meanwhile: reload to see their change.');
      } else if (error instanceof ApiError) {
        const byField = error.fieldErrors();
        if (error.problem.code === 'AGENT_NAME_TAKEN') byField.name = [error.message];
        showErrors(form, byField, Object.keys(byField).length ? 'Please correct the marked fields.' : error.message);
      } else {
        showErrors(form, {}, error.message);
      }
    } finally {
      button.disabled = false;
    }
  });
  show(container, h('h1', {}, agent ? `Edit ${agent.configuration.name}` : 'New agent'), form);
}

// ------------------------------------------------------------------------------------------------ detail

async function detail(container, agentId, session) {
  const agent = await get(`/api/v1/agents/${agentId}`);
  const versions = await get(`/api/v1/agents/${agentId}/versions`);
  const message = h('p', { class: 'notice', role: 'status', id: 'agent-message' });

  async function act(label, action) {
    try {
      await action();
      await detail(container, agentId, session);
      container.querySelector('#agent-message').textContent = label;
    } catch (error) {
      message.textContent = error.message;
      message.classList.add('error');
    }
  }

  const c = agent.configuration;
  const archived = agent.status === 'ARCHIVED';
  const controls = session.canWrite ? h('div', { class: 'actions', id: 'agent-actions' },
    archived ? null : h('button', { type: 'button', id: 'edit-agent', onclick: () => editor(container, agent, session) }, 'Edit'),
    archived ? null : h('button', { type: 'button', id: 'publish-agent', onclick: () => act('Published.', () => post(`/api/v1/agents/${agentId}/publish`)) }, 'Publish'),
    !archived && agent.latestVersion ? h('a', { class: 'button', id: 'talk-agent', href: `#/talk/${agentId}` }, 'Talk to this agent') : null,
    archived
      ? h('button', { type: 'button', id: 'restore-agent', onclick: () => act('Restored.', () => post(`/api/v1/agents/${agentId}/restore`)) }, 'Restore')
      : h('button', { type: 'button', id: 'archive-agent', class: 'danger', onclick: () => act('Archived.', () => del(`/api/v1/agents/${agentId}`)) }, 'Archive'))
    : null;

  const diffOutput = h('div', { id: 'version-diff' });
  const pickA = h('select', { name: 'from' });
  const pickB = h('select', { name: 'to' });
  const choices = versions.map((v) => v.version);
  for (const [select, preferred] of [[pickA, choices.at(-2) ?? choices[0]], [pickB, 'draft']]) {
    select.append(...choices.map((n) => h('option', { value: n, selected: n === preferred }, `v${n}`)),
      h('option', { value: 'draft', selected: preferred === 'draft' }, 'current draft'));
  }
  const configurationOf = (choice) => (choice === 'draft' ? c : versions.find((v) => String(v.version) === choice).configuration);
  const renderDiff = () => show(diffOutput, diffTable(configurationOf(pickA.value), configurationOf(pickB.value)));
  pickA.addEventListener('change', renderDiff);
  pickB.addEventListener('change', renderDiff);

  show(container,
    h('div', { class: 'page-head' }, h('h1', {}, c.name), badge(agent.status),
      h('a', { href: `#/audit?entity=agent:${agentId}`, class: 'button secondary', id: 'agent-history' }, 'History')),
    message,
    controls,
    h('dl', { class: 'facts' },
      fact('Latest version', agent.latestVersion ?? 'never published'),
      fact('Language', c.language),
      fact('Voice', `${c.voice.provider} / ${c.voice.voiceId}`),
      fact('Speech recognition', `${c.stt.provider} / ${c.stt.model}`),
      fact('Language model', `${c.llm.provider} / ${c.llm.model}`),
      fact('First message', c.firstMessage || '—'),
      fact('Updated', time(agent.updatedAt))),
    h('h2', {}, 'Versions'),
    versions.length === 0 ? empty('Not published yet.') : [
      h('table', { class: 'table', id: 'versions' },
        h('thead', {}, h('tr', {}, h('th', {}, 'Version'), h('th', {}, 'Published'), h('th', {}, 'By'))),
        h('tbody', {}, versions.map((v) => h('tr', {}, h('td', {}, `v${v.version}`), h('td', {}, time(v.publishedAt)), h('td', {}, v.publishedBy || '—'))))),
      h('div', { class: 'filters' }, field('Compare', pickA), field('with', pickB)),
      diffOutput,
    ]);
  if (versions.length) renderDiff();
}

function fact(term, value) {
  return [h('dt', {}, term), h('dd', {}, value)];
}

function flatten(value, prefix = '', into = {}) {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, inner] of Object.entries(value)) flatten(inner, prefix ? `${prefix}.${key}` : key, into);
  } else {
    into[prefix] = Array.isArray(value) ? JSON.stringify(value) : value;
  }
  return into;
}

function diffTable(before, after) {
  const a = flatten(before);
  const b = flatten(after);
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  const changed = keys.filter((key) => String(a[key] ?? '') !== String(b[key] ?? ''));
  if (changed.length === 0) return empty('No differences.');
  return h('table', { class: 'table diff' },
    h('thead', {}, h('tr', {}, h('th', {}, 'Field'), h('th', {}, 'Before'), h('th', {}, 'After'))),
    h('tbody', {}, changed.map((key) => h('tr', {},
      h('td', {}, key), h('td', { class: 'removed' }, String(a[key] ?? '—')), h('td', { class: 'added' }, String(b[key] ?? '—'))))));
}
