// Countersign web app: the dashboard's filters, as the form holds them, as the list API's query
// (GET /api/statements, docs/api.md "Listing and searching statements") and as the page's own
// address, and a statement's match against them for live updates.
//
// Exports (stable):
//   VIEWS                              {open, decided, cancelled, archived, all}: label and query
//   readFilters(form) -> filters       {q, view, mine, waiting, from, to} from the form's fields
//   writeFilters(form, filters)        the reverse
//   filtersFromAddress(search) / addressOfFilters(filters)   the page's ?… (view=open is implied)
//   listQuery(filters) -> URLSearchParams   the API's parameters (dates: the reader's local days)
//   matchesFilters(view, filters, {me, members}) -> boolean
//     whether GET /api/statements/{id}'s view belongs in the list, as the server would decide;
//     used only to place a statement a live event names (the server stays the authority:
//     a reload asks it again). Not archived: a statement an event names was just changed.

import { canVote } from './progress.js';

export const VIEWS = {
  open: { label: 'Open', heading: 'Open statements', states: ['pending', 'timelocked'] },
  decided: { label: 'Decided', heading: 'Decided statements', states: ['approved', 'rejected', 'expired'], archived: false },
  cancelled: { label: 'Cancelled', heading: 'Cancelled statements', states: ['cancelled'], archived: false },
  archived: { label: 'Archived', heading: 'Archived statements', states: [], archived: true },
  all: { label: 'All', heading: 'All statements', states: [] },
};

const DEFAULTS = { q: '', view: 'open', mine: false, waiting: false, from: '', to: '' };
const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function readFilters(form) {
  const value = (name) => form.elements[name].value;
  return {
    q: value('q').trim(),
    view: VIEWS[value('view')] ? value('view') : 'open',
    mine: form.elements.mine.checked,
    waiting: form.elements.waiting.checked,
    from: DAY.test(value('from')) ? value('from') : '',
    to: DAY.test(value('to')) ? value('to') : '',
  };
}

export function writeFilters(form, filters) {
  form.elements.q.value = filters.q;
  form.elements.view.value = filters.view;
  form.elements.mine.checked = filters.mine;
  form.elements.waiting.checked = filters.waiting;
  form.elements.from.value = filters.from;
  form.elements.to.value = filters.to;
}

export function filtersFromAddress(search) {
  const params = new URLSearchParams(search);
  const filters = { ...DEFAULTS };
  if (params.has('q')) filters.q = params.get('q').trim().slice(0, 200);
  if (VIEWS[params.get('view')]) filters.view = params.get('view');
  filters.mine = params.get('mine') === 'true';
  filters.waiting = params.get('waiting') === 'true';
  if (DAY.test(params.get('from') || '')) filters.from = params.get('from');
  if (DAY.test(params.get('to') || '')) filters.to = params.get('to');
  return filters;
}

export function addressOfFilters(filters) {
  const params = new URLSearchParams();
  if (filters.q) params.set('q', filters.q);
  if (filters.view !== 'open') params.set('view', filters.view);
  if (filters.mine) params.set('mine', 'true');
  if (filters.waiting) params.set('waiting', 'true');
  if (filters.from) params.set('from', filters.from);
  if (filters.to) params.set('to', filters.to);
  const text = params.toString();
  return text ? `?${text}` : location.pathname;
}

/** Local midnight of a yyyy-mm-dd day, `plusDays` later, as an instant. */
function localDay(day, plusDays = 0) {
  const [year, month, date] = day.split('-').map(Number);
  return new Date(year, month - 1, date + plusDays);
}

/** The creation range in instants: from the start of `from` to the end of `to`, local days. */
export function createdRange(filters) {
  return {
    from: filters.from ? localDay(filters.from) : null,
    before: filters.to ? localDay(filters.to, 1) : null,
  };
}

export function listQuery(filters) {
  const params = new URLSearchParams();
  const view = VIEWS[filters.view];
  if (view.states.length) params.set('state', view.states.join(','));
  if (view.archived !== undefined) params.set('archived', String(view.archived));
  if (filters.q) params.set('q', filters.q);
  if (filters.mine) params.set('mine', 'true');
  if (filters.waiting) params.set('waiting', 'true');
  const range = createdRange(filters);
  if (range.from) params.set('createdFrom', range.from.toISOString());
  if (range.before) params.set('createdBefore', range.before.toISOString());
  return params;
}

/** The words a search looks in, as the server gathers them (StatementSearchText). */
function searchText(document_) {
  const lines = [document_.title];
  const walk = (value) => {
    if (typeof value === 'string') lines.push(value);
    else if (typeof value === 'number') lines.push(String(value));
    else if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') {
      for (const [name, member] of Object.entries(value)) {
        lines.push(name);
        walk(member);
      }
    }
  };
  walk(document_.content);
  return lines.join('\n').toLowerCase();
}

export function matchesFilters(view, filters, { me, members }) {
  const document_ = view.statement;
  const shape = VIEWS[filters.view];
  if (shape.archived === true) return false;
  if (shape.states.length && !shape.states.includes(view.state)) return false;
  if (filters.mine && document_.creator !== me) return false;
  if (filters.waiting && !canVote(view, me, members)) return false;
  const created = new Date(document_.createdAt);
  const range = createdRange(filters);
  if (range.from && created < range.from) return false;
  if (range.before && created >= range.before) return false;
  if (filters.q) {
    const query = filters.q.toLowerCase();
    const creator = members.find((member) => member.id === document_.creator);
    const inName = creator && creator.name.toLowerCase().includes(query);
    if (!inName && !searchText(document_).includes(query)) return false;
  }
  return true;
}
