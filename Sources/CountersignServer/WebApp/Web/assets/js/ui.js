// Countersign web app: page chrome and small view helpers.
//
// Everything here builds the DOM with createElement and textContent: no innerHTML with data, so
// nothing a member typed (a title, statement content) can ever become markup or script.
//
// Exports (stable):
//   el(tag, attributes, ...children)  an element; children are nodes or strings (text);
//                                     attributes: class, id, for, href, type, ... and on* handlers
//   clear(node), replaceChildren(node, ...children)
//   loadSession({required}) -> member | null   GET /api/session/probe; required (default) sends a
//                                     visitor without a session to /login?next=
//   renderHeader(member)              fills <header id="site-header">: name, links, logout
//   showBanner(kind, message, {focus, id})    kind: "info" | "success" | "error" | "warning";
//                                     errors are role=alert and take the focus
//   clearBanner({id}), showError(error, {id}) (ApiError, PasskeyError or Error)
//   formatTime(iso), formatRelative(iso), formatDuration(ms)
//   timeElement(iso, {relative}) -> <time>  the reader's local date and time (or "3 h ago"), the
//                                     instant in its datetime attribute and the exact local time
//                                     with seconds and time zone as its tooltip; every time a
//                                     page shows goes through it (no raw ISO text on pages)
//   withLocalTimes(text) -> [strings and <time>]  server prose with each RFC 3339 instant in it
//                                     shown by timeElement
//   durationWords(iso) -> "7 days", "1 day 12 hours"  an ISO 8601 duration (P7D, PT24H) in words
//   countdown(node, untilISO, {prefix, onDone}) live text "in 2 h 3 min"; returns stop()
//   whileBusy(button, label, work)    runs work with the button busy; errors to the banner
//   setBusy(button, busy, label)      disables and relabels a button during work
//   confirmDialog({title, body, confirmLabel}) -> Promise<boolean>  an accessible <dialog>
//   memberName(id, members)           a member's name from a [{id,name,email?,status?}] list, told
//                                     apart from a namesake and marked removed/suspended; or the id
//   directoryPeople(reply)            active and inactive members of a GET /api/members reply

import { get, markSignedIn, post } from './api.js';

export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') node.addEventListener(name.slice(2), value);
    else if (name === 'class') node.className = value;
    else if (name === 'dataset') Object.assign(node.dataset, value);
    else if (value === true) node.setAttribute(name, '');
    else node.setAttribute(name, String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
  return node;
}

export function replaceChildren(node, ...children) {
  clear(node);
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export function memberName(id, members = []) {
  const found = members.find((member) => member.id === id);
  if (!found) return id;
  let name = found.name;
  // Two members with one name (without case): the email tells them apart, or else the start of the id.
  const key = found.name.trim().toLowerCase();
  if (members.some((other) => other.id !== id && other.name.trim().toLowerCase() === key)) {
    name += ` (${found.email || `${id.slice(0, 10)}…`})`;
  }
  if (found.status === 'removed' || found.status === 'suspended') name += ` (${found.status})`;
  return name;
}

/** Everyone GET /api/members names: the active members, then the suspended and removed ones
 * (with their status), for memberName. Signer lists use the active members only. */
export function directoryPeople(reply) {
  return [...(reply.members || []), ...(reply.inactive || [])];
}

/** The signed-in member, or (required) a redirect to the login page. */
// The probe answers 200 with {"member": null, "reason"} when there is no session: an anonymous
// visitor is a normal state, and a 401 would be logged by the browser as a console error.
export async function loadSession({ required = true } = {}) {
  const { member, reason } = await get('/api/session/probe', { sessionRedirect: false });
  if (member) {
    markSignedIn();
    return member;
  }
  if (required) {
    const next = encodeURIComponent(location.pathname + location.search + location.hash);
    const ended = reason === 'session_expired' ? '&ended=1' : '';
    location.assign(`/login?next=${next}${ended}`);
  }
  return null;
}

/** The header: product name, navigation for this member, and logout. */
export function renderHeader(member) {
  const header = document.getElementById('site-header');
  if (!header) return;
  const links = [
    ['/', 'Dashboard'],
    ['/statements/new', 'New statement'],
    ['/account', 'Account'],
  ];
  if (member && (member.roles || []).includes('admin')) links.push(['/admin', 'Admin']);
  const current = location.pathname;
  const nav = el('nav', { 'aria-label': 'Main' },
    el('ul', {}, links.map(([href, label]) => el('li', {},
      el('a', { href, 'aria-current': current === href ? 'page' : undefined }, label)))));
  const logout = el('button', { type: 'button', class: 'button-quiet', id: 'logout' }, 'Sign out');
  logout.addEventListener('click', async () => {
    setBusy(logout, true, 'Signing out…');
    try {
      await post('/api/logout', {}, { sessionRedirect: false });
    } catch {
      // Signed out either way: the cookie is cleared or was already gone.
    }
    location.assign('/login');
  });
  replaceChildren(header,
    el('a', { href: '/', class: 'brand' }, 'Countersign'),
    member ? nav : null,
    member ? el('div', { class: 'who' }, el('span', { id: 'member-name' }, member.name), logout) : null);
}

/** A status banner in #banner (or the element `id`); errors are announced and focused. */
export function showBanner(kind, message, { focus = kind === 'error', id = 'banner' } = {}) {
  const banner = document.getElementById(id);
  if (!banner) return null;
  banner.className = `banner banner-${kind}`;
  banner.setAttribute('role', kind === 'error' || kind === 'warning' ? 'alert' : 'status');
  banner.tabIndex = -1;
  replaceChildren(banner, ...(Array.isArray(message) ? message : [message]));
  banner.hidden = false;
  if (focus) banner.focus();
  return banner;
}

export function clearBanner({ id = 'banner' } = {}) {
  const banner = document.getElementById(id);
  if (!banner) return;
  clear(banner);
  banner.hidden = true;
  banner.className = 'banner';
}

/** Shows any failure as an error banner with a message for people. */
export function showError(error, { id = 'banner' } = {}) {
  const message = error && error.message ? error.message : String(error);
  return showBanner('error', message, { id });
}

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function formatTime(iso) {
  if (!iso) return '';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? String(iso) : dateFormat.format(date);
}

const exactFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'long' });

export function timeElement(iso, { relative = false } = {}) {
  const date = new Date(iso || '');
  if (!iso || Number.isNaN(date.getTime())) return el('span', { class: 'muted' }, 'unknown time');
  return el('time', { datetime: iso, title: exactFormat.format(date) }, relative ? formatRelative(iso) : dateFormat.format(date));
}

const INSTANT = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})/g;

export function withLocalTimes(text) {
  const parts = [];
  let last = 0;
  for (const match of String(text).matchAll(INSTANT)) {
    parts.push(text.slice(last, match.index), timeElement(match[0]));
    last = match.index + match[0].length;
  }
  parts.push(text.slice(last));
  return parts.filter((part) => part !== '');
}

export function durationWords(iso) {
  const match = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(String(iso || ''));
  if (!match) return String(iso || '');
  const units = [['week', 'weeks'], ['day', 'days'], ['hour', 'hours'], ['minute', 'minutes'], ['second', 'seconds']];
  const words = units.map(([one, many], index) => {
    const count = Number(match[index + 1] || 0);
    return count ? `${count} ${count === 1 ? one : many}` : null;
  }).filter(Boolean);
  return words.length ? words.join(' ') : '0 seconds';
}

export function formatDuration(ms) {
  const seconds = Math.max(0, Math.round(ms / 1000));
  const days = Math.floor(seconds / 86400);
  const hours = Math.floor((seconds % 86400) / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  if (days) return `${days} d ${hours} h`;
  if (hours) return `${hours} h ${minutes} min`;
  if (minutes) return `${minutes} min ${seconds % 60} s`;
  return `${seconds} s`;
}

export function formatRelative(iso) {
  const delta = new Date(iso).getTime() - Date.now();
  if (Number.isNaN(delta)) return '';
  return delta >= 0 ? `in ${formatDuration(delta)}` : `${formatDuration(-delta)} ago`;
}

/** Keeps `node`'s text a live countdown to `untilISO`; calls onDone once when it is reached. */
export function countdown(node, untilISO, { prefix = '', onDone } = {}) {
  const until = new Date(untilISO).getTime();
  let done = false;
  const tick = () => {
    const left = until - Date.now();
    node.textContent = left > 0 ? `${prefix}${formatDuration(left)}` : `${prefix}now`;
    if (left <= 0 && !done) {
      done = true;
      clearInterval(timer);
      if (onDone) onDone();
    }
  };
  const timer = setInterval(tick, 1000);
  tick();
  return () => clearInterval(timer);
}

export function setBusy(button, busy, label) {
  if (!button) return;
  if (busy) {
    button.dataset.label = button.textContent;
    if (label) button.textContent = label;
    button.disabled = true;
    button.setAttribute('aria-busy', 'true');
  } else {
    if (button.dataset.label) button.textContent = button.dataset.label;
    button.disabled = false;
    button.removeAttribute('aria-busy');
  }
}

/** Runs `work` with `button` busy (showing `label`); a failure goes to the banner, and the
 * button is freed either way. */
export async function whileBusy(button, label, work) {
  setBusy(button, true, label);
  try {
    await work();
  } catch (error) {
    showError(error);
  } finally {
    setBusy(button, false);
  }
}

/** A modal confirmation; resolves true when confirmed, false when cancelled or dismissed. */
export function confirmDialog({ title, body = [], confirmLabel = 'Confirm', cancelLabel = 'Cancel' }) {
  return new Promise((resolve) => {
    const opener = document.activeElement;
    const confirm = el('button', { type: 'button', class: 'button-primary', id: 'dialog-confirm' }, confirmLabel);
    const cancel = el('button', { type: 'button', id: 'dialog-cancel' }, cancelLabel);
    const heading = el('h2', { id: 'dialog-title' }, title);
    const dialog = el('dialog', { class: 'dialog', 'aria-labelledby': 'dialog-title' },
      heading, el('div', { class: 'dialog-body' }, body), el('div', { class: 'actions' }, confirm, cancel));
    const finish = (value) => {
      dialog.close();
      dialog.remove();
      if (opener && typeof opener.focus === 'function') opener.focus();
      resolve(value);
    };
    confirm.addEventListener('click', () => finish(true));
    cancel.addEventListener('click', () => finish(false));
    dialog.addEventListener('cancel', (event) => { event.preventDefault(); finish(false); });
    document.body.append(dialog);
    dialog.showModal();
    confirm.focus();
  });
}
