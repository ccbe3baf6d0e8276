// The dashboard: the statements, newest first, one page (50) at a time with "More", narrowed by a
// search (title, content, creator's name) and filters (open, decided, cancelled, archived or all;
// waiting for me; created by me; a creation date range). The server searches and filters
// (GET /api/statements); the filters live in the page's address, so a reload keeps them.
//
// Open statements on the page show their progress, read from each one's view. Live: an event
// names one statement, and only that statement is read again (one request): its row is updated
// (or removed when it no longer matches), or, when it is not on the page and now matches, it is
// placed where its creation time puts it.

import { get } from './api.js';
import {
  VIEWS, addressOfFilters, filtersFromAddress, listQuery, matchesFilters, readFilters, writeFilters,
} from './dashboard-filter.js';
import { subscribe } from './events.js';
import { loadKey } from './keystore.js';
import { watchIdentity } from './logwatch.js';
import { renderProgress, stateLabel } from './progress.js';
import {
  directoryPeople, el, loadSession, memberName, renderHeader, replaceChildren, setBusy, showBanner, showError, timeElement,
} from './ui.js';

const PAGE_SIZE = 50;
const OPEN = new Set(['pending', 'timelocked']);

const form = document.getElementById('filters');
const resultsNode = document.getElementById('results');
const headingNode = document.getElementById('results-heading');
const countNode = document.getElementById('result-count');
const moreButton = document.getElementById('more');
const liveStatus = document.getElementById('live-status');
const dateError = document.getElementById('date-error');

let member = null;
let members = [];
let people = [];
let filters = null;
/** The rows on the page, in order: {id, createdAt, node}. */
let rows = [];
let nextCursor = null;
/** Bumped by each new search: answers meant for an older one are dropped. */
let generation = 0;

function statementLink(id, title) {
  return el('a', { href: `/statements/${encodeURIComponent(id)}` }, title || id);
}

function badge(state) {
  return el('span', { class: `badge badge-${state}` }, stateLabel(state));
}

/** A row from a list summary or a statement view (both carry what a row shows). */
function rowNode(summary, view) {
  const decided = summary.decidedAt
    ? [' · decided ', timeElement(summary.decidedAt)]
    : [];
  return el('li', { class: 'statement-item', dataset: { statement: summary.id, state: summary.state } },
    el('div', { class: 'statement-row' },
      el('h3', {}, statementLink(summary.id, summary.title)),
      badge(summary.state),
      el('p', { class: 'meta' }, `by ${memberName(summary.creator, people)} · created `, timeElement(summary.createdAt), decided)),
    view && OPEN.has(view.state) ? renderProgress(view, members, { me: member.id, people }) : null);
}

/** The summary fields of a statement view. */
function summaryOfView(view) {
  const document_ = view.statement;
  return {
    id: document_.id, title: document_.title, creator: document_.creator, state: view.state,
    createdAt: document_.createdAt, decidedAt: view.decidedAt || null,
  };
}

async function viewOf(id) {
  return get(`/api/statements/${encodeURIComponent(id)}`);
}

/** Reads the views of the open statements among `summaries`, a few at a time. */
async function openViews(summaries) {
  const views = new Map();
  const queue = summaries.filter((summary) => OPEN.has(summary.state));
  const worker = async () => {
    while (queue.length) {
      const summary = queue.shift();
      views.set(summary.id, await viewOf(summary.id));
    }
  };
  await Promise.all(Array.from({ length: 6 }, worker));
  return views;
}

function updateCount() {
  const shown = rows.length;
  const noun = shown === 1 ? 'statement' : 'statements';
  if (!shown) countNode.textContent = 'No statements match.';
  else countNode.textContent = nextCursor ? `Showing the newest ${shown} ${noun}; more below.` : `${shown} ${noun}.`;
  resultsNode.dataset.count = String(shown);
  moreButton.hidden = !nextCursor;
}

async function loadPage({ append }) {
  const mine = append ? generation : ++generation;
  const query = listQuery(filters);
  query.set('limit', String(PAGE_SIZE));
  if (append && nextCursor) query.set('cursor', nextCursor);
  // URLSearchParams writes a space as "+", which the API reads literally (RFC 3986): "%20".
  const page = await get(`/api/statements?${query.toString().replaceAll('+', '%20')}`);
  const views = await openViews(page.statements);
  if (mine !== generation) return;
  const known = new Set(append ? rows.map((row) => row.id) : []);
  const added = page.statements.filter((summary) => !known.has(summary.id)).map((summary) => ({
    id: summary.id, createdAt: summary.createdAt, node: rowNode(summary, views.get(summary.id)),
  }));
  rows = append ? rows.concat(added) : added;
  nextCursor = page.nextCursor;
  if (append) resultsNode.append(...added.map((row) => row.node));
  else replaceChildren(resultsNode, added.map((row) => row.node));
  headingNode.textContent = VIEWS[filters.view].heading;
  updateCount();
  resultsNode.setAttribute('aria-busy', 'false');
}

async function search() {
  filters = readFilters(form);
  history.replaceState(null, '', addressOfFilters(filters));
  // An end before the start is said next to the fields, not sent (the server would refuse it).
  const inverted = Boolean(filters.from && filters.to && filters.from > filters.to);
  dateError.hidden = !inverted;
  for (const name of ['from', 'to']) {
    if (inverted) form.elements[name].setAttribute('aria-invalid', 'true');
    else form.elements[name].removeAttribute('aria-invalid');
  }
  nextCursor = null;
  if (inverted) {
    generation += 1;
    rows = [];
    replaceChildren(resultsNode);
    updateCount();
    countNode.textContent = 'Choose an end date on or after the start date.';
    resultsNode.setAttribute('aria-busy', 'false');
    return;
  }
  resultsNode.setAttribute('aria-busy', 'true');
  await loadPage({ append: false });
}

/** One event: reads the statement it names, once, and updates, removes or places its row. */
async function onStatementEvent(event) {
  const id = event.statement;
  if (!id) return;
  // A statement just changed is not archived: the archive view only updates its own rows.
  if (filters.view === 'archived' && !rows.some((row) => row.id === id)) return;
  const started = generation;
  const view = await viewOf(id);
  if (started !== generation) return;
  const index = rows.findIndex((row) => row.id === id);
  // A decided statement stays decided: a row of the archive keeps its place.
  const belongs = filters.view === 'archived' || matchesFilters(view, filters, { me: member.id, members });
  if (index >= 0) {
    if (belongs) {
      const node = rowNode(summaryOfView(view), view);
      rows[index].node.replaceWith(node);
      rows[index].node = node;
    } else {
      rows[index].node.remove();
      rows.splice(index, 1);
    }
  } else if (belongs) {
    const createdAt = view.statement.createdAt;
    let at = rows.findIndex((row) => row.createdAt <= createdAt);
    // Older than every row while more pages remain: it comes with "More".
    if (at < 0 && nextCursor) return;
    if (at < 0) at = rows.length;
    const row = { id, createdAt, node: rowNode(summaryOfView(view), view) };
    if (at < rows.length) rows[at].node.before(row.node);
    else resultsNode.append(row.node);
    rows.splice(at, 0, row);
  }
  updateCount();
}

async function main() {
  member = await loadSession();
  if (!member) return;
  renderHeader(member);
  watchIdentity(member);
  const directory = await get('/api/members');
  ({ members } = directory);
  people = directoryPeople(directory);
  if (!(await loadKey(member.id))) {
    showBanner('warning', ['This browser has no signing key for you, so you cannot approve here yet. ',
      el('a', { href: '/account' }, 'Set one up on your account page'), '.'], { id: 'key-banner', focus: false });
  }
  writeFilters(form, filtersFromAddress(location.search));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    search().catch(showError);
  });
  for (const name of ['view', 'mine', 'waiting', 'from', 'to']) {
    form.elements[name].addEventListener('change', () => search().catch(showError));
  }
  document.getElementById('clear-filters').addEventListener('click', () => {
    writeFilters(form, filtersFromAddress(''));
    search().catch(showError);
  });
  moreButton.addEventListener('click', async () => {
    setBusy(moreButton, true, 'Loading…');
    try {
      await loadPage({ append: true });
    } catch (error) {
      showError(error);
    } finally {
      setBusy(moreButton, false);
    }
  });
  await search();
  // Events are handled one at a time, in order, so that two events on one statement end with
  // the newer view.
  let chain = Promise.resolve();
  subscribe((event) => {
    chain = chain.then(() => onStatementEvent(event)).catch(showError);
  }, {
    onStatus: (status) => { liveStatus.textContent = status === 'live' ? 'Live: updates appear as they happen.' : 'Reconnecting…'; },
  });
}

main().catch(showError);
