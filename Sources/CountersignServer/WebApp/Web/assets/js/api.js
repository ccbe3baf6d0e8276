// Countersign web app: the one way pages talk to the API.
//
// Exports (stable; other pages import them):
//   ApiError                      an API refusal: {status, code, message}; also thrown for
//                                 network failures (status 0, code "network")
//   api(path, {method, body, signal, sessionRedirect})
//                                 fetch wrapper: same-origin credentials, JSON in and out;
//                                 resolves with the parsed body (null for an empty one)
//   get(path), post(path, body), del(path)   shorthands
//   readReply(response)           the parsed body of a fetch Response, or the ApiError it carries
//   markSignedIn()                the page holds a session: a later 401 means it has ended
//   sessionEnded(reason)          shows "Your session has ended, sign in again" and goes to
//                                 /login?next=<this page>&ended=1
//
// A 401 with code session_expired or unauthenticated ends the page: the member is sent to the
// login page, which shows why and returns here afterwards. Pass sessionRedirect:false to handle
// a 401 yourself (the login page does).

/** An API refusal, as the server reported it ({"error":{"code","message"}}). */
export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
  }
}

let signedIn = false;

/** Records that this page was opened with a valid session. */
export function markSignedIn() {
  signedIn = true;
}

/** The path (and query) to come back to after signing in. */
function here() {
  return location.pathname + location.search + location.hash;
}

/**
 * Ends the page's session: tells the member and sends them to the login page, which shows the
 * reason again and returns here after signing in.
 */
export function sessionEnded() {
  const message = 'Your session has ended, sign in again.';
  const banner = document.getElementById('banner');
  if (banner) {
    banner.className = 'banner banner-error';
    banner.textContent = message;
  }
  const next = encodeURIComponent(here());
  const ended = signedIn ? '&ended=1' : '';
  location.assign(`/login?next=${next}${ended}`);
}

/** Calls the API. Throws ApiError for every refusal and for network failures. */
export async function api(path, { method = 'GET', body, signal, sessionRedirect = true } = {}) {
  const init = { method, credentials: 'same-origin', headers: { Accept: 'application/json' }, signal };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch (error) {
    if (error && error.name === 'AbortError') throw error;
    throw new ApiError(0, 'network', 'The server cannot be reached. Check your connection and try again.');
  }
  try {
    return await readReply(response);
  } catch (refusal) {
    if (refusal instanceof ApiError && refusal.status === 401 && sessionRedirect
      && (refusal.code === 'session_expired' || refusal.code === 'unauthenticated')) {
      sessionEnded();
    }
    throw refusal;
  }
}

/**
 * The JSON body of a reply (null when empty). Throws ApiError when the body is not JSON, and for
 * every status outside 2xx with the server's {"error":{"code","message"}}.
 */
export async function readReply(response) {
  const text = await response.text();
  let data = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      throw new ApiError(response.status, 'invalid_response', 'The server sent an answer this page cannot read.');
    }
  }
  if (response.ok) return data;
  const error = data && data.error ? data.error : {};
  throw new ApiError(response.status, String(error.code || `http_${response.status}`),
    String(error.message || response.statusText || 'The request was refused.'));
}

export const get = (path, options = {}) => api(path, { ...options, method: 'GET' });
export const post = (path, body = {}, options = {}) => api(path, { ...options, method: 'POST', body });
export const put = (path, body = {}, options = {}) => api(path, { ...options, method: 'PUT', body });
export const del = (path, options = {}) => api(path, { ...options, method: 'DELETE' });
