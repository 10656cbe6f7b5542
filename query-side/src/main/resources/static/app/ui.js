// Small DOM helpers: no framework.

/** h('button', {class: 'x', onclick}, 'text', child…) */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on')) element.addEventListener(name.slice(2), value);
    else if (name === 'dataset') Object.assign(element.dataset, value);
    else if (value === true) element.setAttribute(name, '');
    else element.setAttribute(name, value);
  }
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

export function loading(what = 'Loading…') {
  return h('p', { class: 'state loading', role: 'status' }, what);
}

export function empty(what) {
  return h('p', { class: 'state empty' }, what);
}

export function failure(error) {
  return h('p', { class: 'state error', role: 'alert' }, `Something went wrong: ${error.message}`);
}

/** Replaces the content of a container. */
export function show(container, ...children) {
  container.replaceChildren(...children.flat(Infinity).filter((child) => child !== null && child !== undefined && child !== false));
}

export function time(instant) {
  return instant ? new Date(instant).toLocaleString() : '—';
}

export function duration(ms) {
  if (ms === null || ms === undefined) return '—';
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

export function badge(text) {
  return h('span', { class: `badge badge-${String(text).toLowerCase()}` }, text);
}

/** A labelled form field; `errors` holds the API's messages for it. */
export function field(label, input, hint) {
  const id = input.id || `f-${Math.random().toString(36).slice(2)}`;
  input.id = id;
  const message = h('span', { class: 'field-error', id: `${id}-error`, role: 'alert' });
  input.setAttribute('aria-describedby', `${id}-error`);
  return h('div', { class: 'field', dataset: { field: input.name } },
    h('label', { for: id }, label), input, hint ? h('small', {}, hint) : null, message);
}
