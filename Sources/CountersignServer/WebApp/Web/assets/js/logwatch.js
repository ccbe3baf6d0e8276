// Countersign web app: the member watches their own identity in the transparency log (key
// transparency, docs/transparency.md), on every visit of the dashboard and the account page.
//
// The browser keeps, per member, in IndexedDB ("countersign-log"): the log's vkey (pinned on the
// first visit from /readyz), the size of the last tree it verified and that tree's frontier (one
// hash per complete subtree), and the identity entries not yet acknowledged. Each visit:
//   1. GET /log/checkpoint and verify the log's Ed25519 signature with the pinned vkey;
//   2. read only the entries added since (entry bundles), rebuild the new root from the frontier
//      and them, and compare it with the checkpoint's root: this proves the new tree extends the
//      one checked before and that the entries are its own (no consistency proof is needed when
//      every new entry is read, and every new entry must be read to see which are about us);
//   3. list every new entry about the member (a passkey or key added, enrolled, scheduled,
//      revoked; removal, recovery) in a prominent notice that says what happened, when, by whom,
//      and what to do, until the member says "These were me".
// A log that shrank or does not rebuild is shown as an error: the server showed this browser
// another history than before.

import { el, replaceChildren, showBanner, timeElement } from './ui.js';

const DB_NAME = 'countersign-log';
const STORE = 'watch';
const RECHECK_MS = 5000;

function openDB() {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

async function loadState(id) {
  const db = await openDB();
  return new Promise((resolve, reject) => {
    const request = db.transaction(STORE).objectStore(STORE).get(id);
    request.onsuccess = () => resolve(request.result || null);
    request.onerror = () => reject(request.error);
  });
}

async function saveState(id, state) {
  const db = await openDB();
  return new Promise((resolve, reject) => {
    const transaction = db.transaction(STORE, 'readwrite');
    transaction.objectStore(STORE).put(state, id);
    transaction.oncomplete = () => resolve();
    transaction.onerror = () => reject(transaction.error);
  });
}

const utf8 = new TextEncoder();
const fromBase64 = (text) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
const toBase64 = (bytes) => btoa(String.fromCharCode(...bytes));

async function sha256(...parts) {
  const length = parts.reduce((sum, part) => sum + part.length, 0);
  const joined = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) { joined.set(part, offset); offset += part.length; }
  return new Uint8Array(await crypto.subtle.digest('SHA-256', joined));
}
const leafHash = (entry) => sha256(new Uint8Array([0]), entry);
const nodeHash = (left, right) => sha256(new Uint8Array([1]), left, right);

/** A vkey "name+hexid+base64(0x01 || key)"; its key ID must be the one name and key imply. */
async function parseVKey(text) {
  const first = text.indexOf('+');
  const second = text.indexOf('+', first + 1);
  if (first <= 0 || second < 0) throw new Error('the log key is not a vkey');
  const name = text.slice(0, first);
  const id = text.slice(first + 1, second);
  const material = fromBase64(text.slice(second + 1));
  if (material.length !== 33 || material[0] !== 1) throw new Error('the log key is not an Ed25519 vkey');
  const digest = await sha256(utf8.encode(name), new Uint8Array([0x0a, 0x01]), material.slice(1));
  const expected = Array.from(digest.slice(0, 4), (b) => b.toString(16).padStart(2, '0')).join('');
  if (expected !== id) throw new Error('the log key\'s ID does not match its name and key');
  const key = await crypto.subtle.importKey('raw', material.slice(1), { name: 'Ed25519' }, false, ['verify']);
  return { name, id: digest.slice(0, 4), key };
}

/** The checkpoint of a signed note verified with `vkey`: {size, root}. */
async function verifiedCheckpoint(noteText, vkey) {
  const split = noteText.lastIndexOf('\n\n');
  if (split < 0) throw new Error('the checkpoint is not a signed note');
  const text = noteText.slice(0, split + 1);
  let verified = false;
  for (const line of noteText.slice(split + 2).split('\n').filter(Boolean)) {
    const [dash, name, signature] = line.split(' ');
    if (dash !== '\u2014' || name !== vkey.name || !signature) continue;
    const bytes = fromBase64(signature);
    if (bytes.length !== 68 || !bytes.slice(0, 4).every((b, i) => b === vkey.id[i])) continue;
    if (!await crypto.subtle.verify({ name: 'Ed25519' }, vkey.key, bytes.slice(4), utf8.encode(text))) {
      throw new Error('the log\'s signature on the checkpoint does not verify');
    }
    verified = true;
  }
  if (!verified) throw new Error('the checkpoint carries no signature by the log key');
  const [origin, sizeText, rootText] = text.split('\n');
  if (origin !== vkey.name || !/^(0|[1-9][0-9]*)$/.test(sizeText)) throw new Error('the checkpoint is malformed');
  return { size: Number(sizeText), root: rootText };
}

/** The path of an entry bundle: tile/entries/x001/x234/067[.p/W]. */
function bundlePath(index, width) {
  const groups = [];
  let rest = index;
  do { groups.unshift(rest % 1000); rest = Math.floor(rest / 1000); } while (rest > 0);
  const path = groups.map((g, i) => (i < groups.length - 1 ? 'x' : '') + String(g).padStart(3, '0')).join('/');
  return `/log/tile/entries/${path}${width < 256 ? `.p/${width}` : ''}`;
}

/** The entries with indexes from `start` to `end` (excluded). */
async function readEntries(start, end) {
  const entries = [];
  for (let bundle = Math.floor(start / 256); bundle * 256 < end; bundle += 1) {
    const width = Math.min(256, end - bundle * 256);
    const response = await fetch(bundlePath(bundle, width), { credentials: 'same-origin' });
    if (response.status === 401) throw new SessionEnded();
    if (!response.ok) throw new Error(`the log's entries could not be read (HTTP ${response.status})`);
    const bytes = new Uint8Array(await response.arrayBuffer());
    let offset = 0;
    const read = [];
    while (offset + 2 <= bytes.length) {
      const length = (bytes[offset] << 8) | bytes[offset + 1];
      read.push(bytes.slice(offset + 2, offset + 2 + length));
      offset += 2 + length;
    }
    if (read.length !== width || offset !== bytes.length) throw new Error('an entry bundle of the log is malformed');
    entries.push(...read.slice(Math.max(0, start - bundle * 256)));
  }
  return entries;
}

/** The session ended while the page was open: the page's own handling says so; the watch stops. */
class SessionEnded extends Error {}

/** Appends a leaf to a frontier [{height, hash}], as a binary counter carries. */
async function appendLeaf(frontier, leaf) {
  let current = { height: 0, hash: leaf };
  while (frontier.length && frontier[frontier.length - 1].height === current.height) {
    const last = frontier.pop();
    current = { height: current.height + 1, hash: await nodeHash(last.hash, current.hash) };
  }
  frontier.push(current);
}

async function frontierRoot(frontier) {
  if (!frontier.length) return toBase64(await sha256());
  let hash = frontier[frontier.length - 1].hash;
  for (let i = frontier.length - 2; i >= 0; i -= 1) hash = await nodeHash(frontier[i].hash, hash);
  return toBase64(hash);
}

/** What an audit event says about the member's identity, or null (as `countersign log monitor`). */
function identityEntry(event, member) {
  const details = event.details || {};
  switch (event.action) {
    case 'passkey.registered': case 'passkey.added':
      return event.subject === member ? { what: 'A passkey was registered for you', act: 'If it was not you, revoke it below and tell your administrator.' } : null;
    case 'passkey.revoked': case 'passkey.deleted':
      return event.subject === member ? { what: 'One of your passkeys was removed', act: 'If it was not you, tell your administrator.' } : null;
    case 'key.attested':
      return details.member === member ? { what: `Signing key ${event.subject.slice(0, 12)}… was attested by a passkey`, act: 'If it was not you, revoke the key below.' } : null;
    case 'key.enrolled':
      return details.member === member ? { what: `The administrator enrolled signing key ${event.subject.slice(0, 12)}… for you`, act: 'If you did not ask for it, cancel the announced change below (or revoke the key).' } : null;
    case 'key.revoked': case 'key.deleted': case 'key.rotated':
      return details.member === member ? { what: `Signing key ${event.subject.slice(0, 12)}… was revoked`, act: 'If it was not you, tell your administrator.' } : null;
    case 'operation.scheduled':
      return event.subject === member ? { what: `The administrator announced a change to your account (${details.kind || 'operation'})`, act: 'If you did not expect it, cancel it below with your passkey.' } : null;
    case 'email.set':
      return event.subject === member ? { what: 'An address for your notifications by email was set', act: 'If it was not you, set your own below and sign out everywhere.' } : null;
    case 'member.removed': case 'member.recovered': case 'member.suspended':
      return event.subject === member ? { what: `Your account was ${event.action.slice('member.'.length)}`, act: 'If you did not expect it, tell your administrator.' } : null;
    default:
      return null;
  }
}

function renderNotice(container, pending, onAcknowledge) {
  // Re-rendered only when the list changes: a check every few seconds must not replace the
  // notice under the reader (or under a screen reader's focus).
  const key = pending.map((item) => item.index).join(',');
  if (container.dataset.shown === key) return;
  container.dataset.shown = key;
  if (!pending.length) {
    container.hidden = true;
    return;
  }
  const list = el('ul', { class: 'list-plain' }, pending.map((item) => el('li', { 'data-action': item.action },
    el('strong', {}, item.what), ' ',
    el('span', { class: 'muted' }, timeElement(item.at), `, by ${item.actor === 'admin' ? 'the administrator' : item.actor}`), ' ',
    el('span', {}, item.act))));
  const button = el('button', { type: 'button', id: 'identity-acknowledge' }, 'These were me');
  button.addEventListener('click', onAcknowledge);
  replaceChildren(container,
    el('h2', {}, 'Check these changes to your identity'),
    el('p', { class: 'hint' }, 'The server\'s transparency log records them for you; your browser verified the log before showing them.'),
    list, button);
  container.hidden = false;
}

/** Checks the log once for `member`; returns the state saved. */
async function check(member, container) {
  let state = await loadState(member.id);
  if (!state) {
    const readiness = await fetch('/readyz').then((response) => response.json());
    state = { vkey: readiness.log.vkey, size: 0, frontier: [], pending: [], baseline: true };
  }
  const vkey = await parseVKey(state.vkey);
  const response = await fetch('/log/checkpoint');
  if (response.status === 404) return state;
  const checkpoint = await verifiedCheckpoint(await response.text(), vkey);
  if (checkpoint.size < state.size) {
    throw new Error(`the server's log shrank from ${state.size} to ${checkpoint.size} entries since your last visit: it is showing another history`);
  }
  if (checkpoint.size > state.size) {
    const frontier = state.frontier.map(({ height, hash }) => ({ height, hash: fromBase64(hash) }));
    const entries = await readEntries(state.size, checkpoint.size);
    const found = [];
    for (const bytes of entries) {
      await appendLeaf(frontier, await leafHash(bytes));
      const event = JSON.parse(new TextDecoder().decode(bytes));
      const entry = identityEntry(event, member.id);
      if (entry) found.push({ ...entry, action: event.action, at: event.at, actor: event.actor, index: event.seq - 1 });
    }
    if (await frontierRoot(frontier) !== checkpoint.root) {
      throw new Error('the server\'s log does not extend the one your browser checked before: it is showing another history');
    }
    state = {
      vkey: state.vkey, size: checkpoint.size,
      frontier: frontier.map(({ height, hash }) => ({ height, hash: toBase64(hash) })),
      pending: state.baseline ? [] : state.pending.concat(found), baseline: false,
    };
    await saveState(member.id, state);
  } else if (state.baseline) {
    state.baseline = false;
    await saveState(member.id, state);
  }
  renderNotice(container, state.pending, async () => {
    const current = await loadState(member.id);
    current.pending = [];
    await saveState(member.id, current);
    container.dataset.shown = '';
    container.hidden = true;
  });
  return state;
}

/** Watches the log while the page is open: now, then every few seconds. */
export function watchIdentity(member) {
  const container = document.getElementById('identity-notice');
  if (!container || !window.crypto || !crypto.subtle) return;
  let stopped = false;
  const run = async () => {
    if (stopped) return;
    try {
      await check(member, container);
    } catch (error) {
      stopped = true;
      // A network failure or an ended session is not the log's fault; the next visit checks again.
      if (error instanceof SessionEnded || error instanceof TypeError) return;
      showBanner('error', `Do not trust this server's evidence: ${error.message}. Tell your administrator.`);
      return;
    }
    setTimeout(run, RECHECK_MS);
  };
  run();
}
