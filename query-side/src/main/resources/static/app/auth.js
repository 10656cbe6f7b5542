// Sign-in through Keycloak: authorization code flow with PKCE (S256) in the browser, as a public client.
// Tokens live in this module's memory only (never localStorage/sessionStorage, as the OAuth 2.0 for
// Browser-Based Applications BCP asks); a reload signs in again silently through Keycloak's SSO session.
// Only the one-time PKCE verifier, the state and the route to come back to are kept in sessionStorage
// for the length of one redirect.

let config = null;
let tokens = null;        // {access, refresh, idToken, expiresAt}
let refreshTimer = null;

const PENDING = 'bvrai.signin';

function base64url(bytes) {
  return btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function randomString() {
  return base64url(crypto.getRandomValues(new Uint8Array(32)));
}

function endpoint(path) {
  return `${config.issuer}/protocol/openid-connect/${path}`;
}

function redirectUri() {
  return `${location.origin}/`;
}

async function signIn() {
  const verifier = randomString();
  const state = randomString();
  const challenge = base64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  sessionStorage.setItem(PENDING, JSON.stringify({ verifier, state, route: location.hash || '#/agents' }));
  const params = new URLSearchParams({
    client_id: config.clientId, response_type: 'code', scope: 'openid', redirect_uri: redirectUri(),
    state, code_challenge: challenge, code_challenge_method: 'S256',
  });
  location.assign(`${endpoint('auth')}?${params}`);
  return new Promise(() => {}); // the page is leaving
}

async function tokenRequest(body) {
  const response = await fetch(endpoint('token'), {
    method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_id: config.clientId, ...body }),
  });
  const answer = await response.json().catch(() => ({}));
  if (!response.ok) {
    throw new Error(answer.error_description || answer.error || `token endpoint answered ${response.status}`);
  }
  return answer;
}

function keep(answer) {
  tokens = {
    access: answer.access_token, refresh: answer.refresh_token,
    idToken: answer.id_token || tokens?.idToken, expiresAt: Date.now() + answer.expires_in * 1000,
  };
  clearTimeout(refreshTimer);
  // refresh a little before the (5-minute) access token runs out
  refreshTimer = setTimeout(refresh, Math.max(5_000, answer.expires_in * 1000 - 30_000));
}

async function refresh() {
  try {
    keep(await tokenRequest({ grant_type: 'refresh_token', refresh_token: tokens.refresh }));
  } catch {
    tokens = null;
    await signIn();
  }
}

/**
 * Signs the user in (or finishes a sign-in that Keycloak redirected back from). Resolves with the route to show
 * once a token is at hand; a signed-out page resolves with null (the caller shows a sign-in button).
 */
export async function start() {
  config = await (await fetch('/dashboard/config')).json();
  const query = new URLSearchParams(location.search);
  if (query.has('code') || query.has('error')) {
    const pending = JSON.parse(sessionStorage.getItem(PENDING) || 'null');
    sessionStorage.removeItem(PENDING);
    history.replaceState(null, '', `/${pending?.route || '#/agents'}`);
    if (query.has('error')) {
      throw new Error(query.get('error_description') || query.get('error'));
    }
    if (!pending || pending.state !== query.get('state')) {
      throw new Error('The sign-in answer does not belong to this browser tab; please sign in again.');
    }
    keep(await tokenRequest({
      grant_type: 'authorization_code', code: query.get('code'), redirect_uri: redirectUri(),
      code_verifier: pending.verifier,
    }));
    return pending.route;
  }
  if (query.get('state') === 'signed-out') {
    history.replaceState(null, '', '/');
    return null;
  }
  return signIn();
}

export { signIn };

/** The access token for an API call, refreshed first when it is about to expire. */
export async function accessToken() {
  if (!tokens) {
    return signIn();
  }
  if (Date.now() > tokens.expiresAt - 10_000) {
    await refresh();
  }
  return tokens.access;
}

/** Ends the Keycloak session too (RP-initiated logout), then comes back to a signed-out page. */
export function signOut() {
  const params = new URLSearchParams({
    client_id: config.clientId, post_logout_redirect_uri: redirectUri(), state: 'signed-out',
  });
  if (tokens?.idToken) {
    params.set('id_token_hint', tokens.idToken);
  }
  tokens = null;
  clearTimeout(refreshTimer);
  location.assign(`${endpoint('logout')}?${params}`);
}
