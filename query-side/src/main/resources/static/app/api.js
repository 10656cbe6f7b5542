// The platform's REST API with the signed-in user's token. Errors are RFC 9457 Problem Details.
import { accessToken } from './auth.js';

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `The server answered ${status}`);
    this.status = status;
    this.problem = problem || {};
  }

  /** Field messages of a 400, keyed by the configuration field they belong to. */
  fieldErrors() {
    const byField = {};
    for (const error of this.problem.errors || []) {
      const field = String(error.field || '').replace(/^(configuration|patch|request)\./, '');
      (byField[field] ||= []).push(error.message);
    }
    return byField;
  }
}

export async function request(method, path, body, headers = {}) {
  const response = await fetch(path, {
    method,
    headers: {
      Authorization: `Bearer ${await accessToken()}`,
      Accept: 'application/json, application/problem+json',
      ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
      ...headers,
    },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  if (!response.ok) {
    throw new ApiError(response.status, await response.json().catch(() => null));
  }
  if (response.status === 204) {
    return null;
  }
  const type = response.headers.get('Content-Type') || '';
  return type.includes('json') ? response.json() : response;
}

export const get = (path) => request('GET', path);
export const post = (path, body) => request('POST', path, body);
export const patch = (path, body, headers) => request('PATCH', path, body, headers);
export const del = (path) => request('DELETE', path);

/** A binary resource (e.g. a recording) as an object URL, fetched with the token. */
export async function blobUrl(path) {
  const response = await fetch(path, { headers: { Authorization: `Bearer ${await accessToken()}` } });
  if (!response.ok) {
    throw new ApiError(response.status, await response.json().catch(() => null));
  }
  return URL.createObjectURL(await response.blob());
}

/**
 * A server-sent event stream read with fetch (EventSource cannot send the Authorization header). Calls onEvent
 * with each event's parsed data until the returned function is called.
 */
export function stream(path, onEvent, onError) {
  const controller = new AbortController();
  (async () => {
    const response = await fetch(path, {
      headers: { Authorization: `Bearer ${await accessToken()}`, Accept: 'text/event-stream' },
      signal: controller.signal,
    });
    if (!response.ok) {
      throw new ApiError(response.status, null);
    }
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value;
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = block.split('\n').filter((line) => line.startsWith('data:')).map((line) => line.slice(5).trim()).join('\n');
        if (data) onEvent(JSON.parse(data));
      }
    }
  })().catch((error) => {
    if (!controller.signal.aborted && onError) onError(error);
  });
  return () => controller.abort();
}
