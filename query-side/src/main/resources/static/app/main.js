// The dashboard shell: sign-in, the signed-in user, navigation and hash routes.
//
// Adding a page: write a module under pages/ that exports `routes` (pattern → render function) and, if it
// belongs in the navigation, `nav` ({label, href}); then add it to PAGES below. Render functions receive
// (container, params, session) and may return a function that is called when the page is left.
import * as auth from './auth.js';
import { get } from './api.js';
import { h, show, failure, loading } from './ui.js';
import * as agents from './pages/agents.js';
import * as calls from './pages/calls.js';
import * as talk from './pages/talk.js';

const PAGES = [agents, calls, talk];

const main = document.getElementById('main');
let leave = null;

function routeOf(hash) {
  const path = (hash || '#/agents').replace(/^#/, '');
  for (const page of PAGES) {
    for (const [pattern, render] of Object.entries(page.routes)) {
      const names = [];
      const regex = new RegExp(`^${pattern.replace(/:(\w+)/g, (_, name) => { names.push(name); return '([^/]+)'; })}$`);
      const match = path.match(regex);
      if (match) {
        return { render, params: Object.fromEntries(names.map((name, i) => [name, decodeURIComponent(match[i + 1])])) };
      }
    }
  }
  return null;
}

async function render(session) {
  if (leave) { leave(); leave = null; }
  const route = routeOf(location.hash);
  document.querySelectorAll('nav a').forEach((link) =>
    link.toggleAttribute('aria-current', (location.hash || '#/agents').startsWith(link.getAttribute('href'))));
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
      h('span', { id: 'user-role', class: 'badge' }, session.role)),
    h('button', { type: 'button', id: 'sign-out', onclick: auth.signOut }, 'Sign out'));
  const nav = document.getElementById('nav');
  show(nav, PAGES.filter((page) => page.nav).map((page) => h('a', { href: page.nav.href }, page.nav.label)));
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
  const session = { me, role, canWrite: roles.has('admin') || roles.has('editor') };
  document.body.classList.toggle('read-only', !session.canWrite);
  header(session);
  window.addEventListener('hashchange', () => render(session));
  render(session);
}

boot();
