// The dashboard shell: sign-in, the signed-in user, navigation and hash routes.
//
// Adding a page: write a module under pages/ that exports `routes` (pattern → render function) and, if it
// belongs in the navigation, `nav` ({label, href}); then add it to PAGES below. Render functions receive
// (container, params, session) and may return a function that is called when the page is left. A page for some
// roles only exports `allowed(session)`: it is left out of the navigation and its routes answer "not found".
import * as auth from './auth.js';
import { get } from './api.js';
import { h, show, failure, loading } from './ui.js';
import * as agents from './pages/agents.js';
import * as calls from './pages/calls.js';
import * as talk from './pages/talk.js';
import * as analytics from './pages/analytics.js';
import * as audit from './pages/audit.js';
import * as readModels from './pages/read-models.js';

const PAGES = [agents, calls, analytics, audit, readModels, talk];

const main = document.getElementById('main');
let leave = null;

const allowed = (page, session) => !page.allowed || page.allowed(session);

function routeOf(hash, session) {
  const [path, search] = (hash || '#/agents').replace(/^#/, '').split('?');
  for (const page of PAGES.filter((p) => allowed(p, session))) {
    for (const [pattern, render] of Object.entries(page.routes)) {
      const names = [];
      const regex = new RegExp(`^${pattern.replace(/:(\w+)/g, (_, name) => { names.push(name); return '([^/]+)'; })}$`);
      const match = path.match(regex);
      if (match) {
        const params = Object.fromEntries(new URLSearchParams(search || ''));
        names.forEach((name, i) => { params[name] = decodeURIComponent(match[i + 1]); });
        return { render, params };
      }
    }
  }
  return null;
}

async function render(session) {
  if (leave) { leave(); leave = null; }
  const route = routeOf(location.hash, session);
  const path = (location.hash || '#/agents').split('?')[0];
  document.querySelectorAll('nav a').forEach((link) =>
    link.toggleAttribute('aria-current', path === link.getAttribute('href') || path.startsWith(`${link.getAttribute('href')}/`)));
  if (!route) {
    show(main, h('h1', {}, 'Not found'), h('p', {}, 'This page does not exist. ', h('a', { href: '#/agents' }, 'Go to agents')));
    return;
  }
  show(main, loading());
  try {
    leave = (await route.render(main, route.params, session)) || null;
  } catch (error) {
    show(main, failure(error));
  }
}

function header(session) {
  const user = document.getElementById('user');
  show(user,
    h('span', { class: 'who' },
      h('strong', { id: 'user-name' }, session.me.name || session.me.username),
      h('span', { id: 'user-org' }, session.me.organization?.alias || 'no organization'),
      h('span', { id: 'user-role', class: 'badge' }, session.role),
      session.isOperator ? h('span', { id: 'user-operator', class: 'badge' }, 'operator') : null),
    h('button', { type: 'button', id: 'sign-out', onclick: auth.signOut }, 'Sign out'));
  const nav = document.getElementById('nav');
  show(nav, PAGES.filter((page) => page.nav && allowed(page, session)).map((page) => h('a', { href: page.nav.href }, page.nav.label)));
}

function signedOut() {
  show(main, h('section', { class: 'signed-out' },
    h('h1', {}, 'You are signed out'),
    h('p', {}, 'Your BVRAI and Keycloak sessions have ended.'),
    h('button', { type: 'button', id: 'sign-in', onclick: () => auth.signIn() }, 'Sign in')));
}

async function boot() {
  let route;
  try {
    route = await auth.start();
  } catch (error) {
    show(main, failure(error), h('button', { type: 'button', onclick: () => auth.signIn() }, 'Sign in again'));
    return;
  }
  if (route === null) {
    signedOut();
    return;
  }
  const me = await get('/api/v1/auth/me');
  const roles = new Set(me.roles);
  const role = ['admin', 'editor', 'viewer'].find((r) => roles.has(r)) || 'none';
  // the organization role decides the write controls; operator (platform-wide) is an extra role beside it
  const session = { me, role, roles, canWrite: roles.has('admin') || roles.has('editor'), isOperator: roles.has('operator') };
  document.body.classList.toggle('read-only', !session.canWrite);
  header(session);
  window.addEventListener('hashchange', () => render(session));
  render(session);
}

boot();
