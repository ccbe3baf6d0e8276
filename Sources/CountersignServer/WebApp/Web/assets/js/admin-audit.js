// Countersign web app: the admin page's read-only views built from the admin audit log
// (GET /api/admin/audit, paged): the audit view (newest first, names beside member ids, details
// as recorded) and the statements overview (each statement's title, creator, creation time,
// current state and template, folded from its statement.* events).
//
// Exports: renderAudit(page)

import { adminRequest } from './adminsign.js';
import { stateLabel } from './progress.js';
import { el, memberName, replaceChildren, timeElement } from './ui.js';

const PAGE = 1000;
const MAX_PAGES = 100;
const SHOWN = 50;
let shown = SHOWN;
let cache = { events: [], members: [] };

/** Every event of the log, oldest first (at most MAX_PAGES pages). */
async function allEvents() {
  const events = [];
  let after = 0;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const reply = await adminRequest('GET', `/api/admin/audit?after=${after}&limit=${PAGE}`);
    events.push(...(reply.events || []));
    if (reply.next === null || reply.next === undefined) break;
    after = reply.next;
  }
  return events;
}

/** A member id with its name, or the text as it is (admin, a statement id, a kid). */
function who(text, members) {
  const name = memberName(text, members);
  return name === text ? el('span', { class: 'mono' }, text) : el('span', { title: text }, name);
}

/** The details as recorded, cut to a line or two; the whole text is the title. */
function details(value) {
  const text = JSON.stringify(value);
  return el('span', { class: 'mono audit-details', title: text.length > 160 ? text : undefined }, text.length > 160 ? `${text.slice(0, 159)}…` : text);
}

function renderEvents() {
  const { events, members } = cache;
  const newest = events.slice(-shown).reverse();
  const body = document.getElementById('audit-events');
  replaceChildren(body, newest.map((event) => el('tr', { dataset: { seq: String(event.seq), action: event.action } },
    el('td', {}, String(event.seq)),
    el('td', {}, timeElement(event.at)),
    el('td', {}, who(event.actor, members)),
    el('td', {}, el('code', {}, event.action)),
    el('td', {}, who(event.subject, members)),
    el('td', {}, details(event.details)))));
  document.getElementById('audit-more').hidden = shown >= events.length;
  document.getElementById('audit-count').textContent = `${Math.min(shown, events.length)} of ${events.length} events, newest first.`;
}

function renderStatements() {
  const { events, members } = cache;
  const statements = new Map();
  for (const event of events) {
    if (!event.action.startsWith('statement.')) continue;
    const details = event.details || {};
    if (event.action === 'statement.created') {
      statements.set(event.subject, {
        id: event.subject, title: details.title || '', creator: event.actor, createdAt: event.at,
        state: details.state || 'pending', template: details.template || null,
      });
    } else if (statements.has(event.subject)) {
      statements.get(event.subject).state = event.action.slice('statement.'.length);
    }
  }
  const rows = [...statements.values()].reverse();
  const body = document.getElementById('admin-statements');
  replaceChildren(body, rows.length ? rows.map((statement) => el('tr', { dataset: { statement: statement.id, state: statement.state } },
    el('td', {}, el('a', { href: `/statements/${encodeURIComponent(statement.id)}` }, statement.title || statement.id)),
    el('td', {}, who(statement.creator, members)),
    el('td', {}, timeElement(statement.createdAt)),
    el('td', {}, el('span', { class: `badge badge-${statement.state}` }, stateLabel(statement.state))),
    el('td', {}, statement.template ? el('span', { class: 'mono' }, statement.template) : el('span', { class: 'muted' }, 'none'))))
    : el('tr', {}, el('td', { colspan: '5', class: 'muted' }, 'No statements yet.')));
}

export async function renderAudit(page) {
  void page;
  const [events, { members }] = await Promise.all([allEvents(), adminRequest('GET', '/api/admin/members')]);
  cache = { events, members: members || [] };
  renderEvents();
  renderStatements();
}

export function startAudit() {
  document.getElementById('audit-more').addEventListener('click', () => {
    shown += SHOWN;
    renderEvents();
  });
}
