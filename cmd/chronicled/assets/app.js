/* app.js - the chronicle page: reads /timeline.json with the feeds' own
 * filter parameters and lays the events out by year and month, with their
 * evidence.
 *
 * Every text that comes from a document (titles, actors, sentences, file
 * names) enters the page through text nodes and never through HTML, so a
 * document that contains markup shows its characters and runs nothing.
 * The server's Content-Security-Policy (script-src 'self') is the second
 * wall, not the first. */
'use strict';

(function () {

/* The feeds' filter parameters (issue 6); the page URL carries the same
 * names so a filtered view can be shared and fed to the feeds as is. */
const FEED_PARAMS = ['type', 'actor', 'doc', 'q', 'from', 'to', 'precision',
                     'min_salience', 'top'];
const JSON_ONLY = ['limit', 'offset'];
/* The page opens on the most salient events; ?all=1 shows every one. */
const KEY_EVENTS = 25;
const PAGE_ONLY = ['all'];

/* Event types the extractor knows; types met in the data are added. */
const KNOWN_TYPES = ['meeting', 'statement', 'report', 'law', 'policy',
                     'ban', 'arrest', 'legal_action', 'opening', 'other'];

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June',
                'July', 'August', 'September', 'October', 'November',
                'December'];
const SEASONS = {SP: 'spring', SU: 'summer', FA: 'autumn', WI: 'winter'};
const MODS = {START: 'early', MID: 'mid', END: 'late', APPROX: 'about',
              BEFORE: 'before', AFTER: 'after'};
/* Precisions from the coarsest; "rank" decides grouping. */
const COARSE = {century: 1, decade: 1, year: 1, half: 1, season: 1,
                quarter: 1, month: 1, week: 1};

const $ = function (id) { return document.getElementById(id); };

/* ---- building DOM from data, as text only ---- */

/* el('li', {class: 'x', attrs: {...}, on: {click: fn}}, child...):
 * children are nodes or strings; strings become text nodes. */
function el(tag, props) {
  const node = document.createElement(tag);
  if (props) {
    if (props.class) node.className = props.class;
    if (props.id) node.id = props.id;
    if (props.attrs)
      for (const k of Object.keys(props.attrs))
        if (props.attrs[k] !== null && props.attrs[k] !== undefined)
          node.setAttribute(k, String(props.attrs[k]));
    if (props.on)
      for (const k of Object.keys(props.on))
        node.addEventListener(k, props.on[k]);
  }
  for (let i = 2; i < arguments.length; i++)
    append(node, arguments[i]);
  return node;
}

function append(node, kid) {
  if (kid === null || kid === undefined || kid === false) return;
  if (Array.isArray(kid)) {
    for (const k of kid) append(node, k);
  } else if (typeof kid === 'string' || typeof kid === 'number') {
    node.appendChild(document.createTextNode(String(kid)));
  } else {
    node.appendChild(kid);
  }
}

/* Replace node's children with the nodes of list (any length). */
function setKids(node, list) {
  const frag = document.createDocumentFragment();
  append(frag, list);
  node.replaceChildren(frag);
}

/* Any JSON value as text; null and missing as "". */
function str(v) {
  if (typeof v === 'string') return v;
  return v === null || v === undefined ? '' : String(v);
}

function plural(n, one, many) {
  return n + ' ' + (n === 1 ? one : many);
}

/* ---- dates ---- */

function pad2(n) { return (n < 10 ? '0' : '') + n; }

function dayLabel(y, m, d) {
  return d + ' ' + MONTHS[m - 1] + ' ' + y;
}

/* Monday of ISO week w of ISO year y, as [y, m, d]. */
function isoWeekStart(y, w) {
  const jan4 = new Date(Date.UTC(y, 0, 4));
  const dow = (jan4.getUTCDay() + 6) % 7;
  const t = new Date(Date.UTC(y, 0, 4 - dow + 7 * (w - 1)));
  return [t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate()];
}

/* A TIMEX3 value ("2019", "2019-03", "2019-W09", "2019-Q1", "2019-SU",
 * "2019-H1", "201", "19", "2019-03-05", "2019-03-05T14:30") as
 * {prec, label, y, m, d}: y/m/d is where the event starts, used for
 * grouping; label says what is known and no more.  null if unknown. */
function parseValue(value) {
  const v = str(value);
  let r;
  if ((r = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d)/.exec(v))) {
    const y = +r[1], m = +r[2], d = +r[3];
    return {prec: 'minute', y: y, m: m, d: d,
            label: dayLabel(y, m, d) + ', ' + r[4] + ':' + r[5]};
  }
  if ((r = /^(\d{4})-(\d\d)-(\d\d)$/.exec(v))) {
    const y = +r[1], m = +r[2], d = +r[3];
    return {prec: 'day', y: y, m: m, d: d, label: dayLabel(y, m, d)};
  }
  if ((r = /^(\d{4})-W(\d\d)$/.exec(v))) {
    const s = isoWeekStart(+r[1], +r[2]);
    return {prec: 'week', y: s[0], m: s[1], d: s[2],
            label: 'week of ' + dayLabel(s[0], s[1], s[2])};
  }
  if ((r = /^(\d{4})-(\d\d)$/.exec(v))) {
    const y = +r[1], m = +r[2];
    return {prec: 'month', y: y, m: m, d: 1,
            label: MONTHS[m - 1] + ' ' + y};
  }
  if ((r = /^(\d{4})-Q([1-4])$/.exec(v))) {
    const y = +r[1], q = +r[2];
    return {prec: 'quarter', y: y, m: 3 * q - 2, d: 1,
            label: 'Q' + q + ' ' + y + ' (' + MONTHS[3 * q - 3] + '\u2013' +
                   MONTHS[3 * q - 1] + ')'};
  }
  if ((r = /^(\d{4})-(SP|SU|FA|WI)$/.exec(v))) {
    const y = +r[1];
    const start = {SP: 3, SU: 6, FA: 9, WI: 12}[r[2]];
    return {prec: 'season', y: y, m: start, d: 1,
            label: SEASONS[r[2]] + ' ' + y};
  }
  if ((r = /^(\d{4})-H([12])$/.exec(v))) {
    const y = +r[1];
    return {prec: 'half', y: y, m: r[2] === '1' ? 1 : 7, d: 1,
            label: (r[2] === '1' ? 'first' : 'second') + ' half of ' + y};
  }
  if ((r = /^(\d{4})$/.exec(v)))
    return {prec: 'year', y: +r[1], m: 1, d: 1, label: r[1]};
  if ((r = /^(\d{3})$/.exec(v)))
    return {prec: 'decade', y: +r[1] * 10, m: 1, d: 1,
            label: 'the ' + (+r[1] * 10) + 's'};
  if ((r = /^(\d{2})$/.exec(v))) {
    const c = +r[1] + 1;
    const suffix = (c % 10 === 1 && c !== 11) ? 'st'
                 : (c % 10 === 2 && c !== 12) ? 'nd'
                 : (c % 10 === 3 && c !== 13) ? 'rd' : 'th';
    return {prec: 'century', y: +r[1] * 100, m: 1, d: 1,
            label: 'the ' + c + suffix + ' century'};
  }
  return null;
}

function dateOf(date) {
  const p = date ? parseValue(date.value) : null;
  if (p) return p;
  /* An unknown form: say the value as it is, grouped by its start. */
  const s = /^(\d{4})-(\d\d)-(\d\d)/.exec(str(date && date.start));
  return {prec: str(date && date.precision) || 'unknown',
          y: s ? +s[1] : 0, m: s ? +s[2] : 1, d: s ? +s[3] : 1,
          label: str(date && date.value) || 'undated'};
}

/* "2019-03-05" as "5 March 2019". */
function isoDayLabel(s) {
  const r = /^(\d{4})-(\d\d)-(\d\d)$/.exec(str(s));
  return r ? dayLabel(+r[1], +r[2], +r[3]) : str(s);
}

/* An RFC 3339 UTC time as "23 November 2026, 19:40 UTC". */
function timeLabel(s) {
  const r = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d)/.exec(str(s));
  return r ? dayLabel(+r[1], +r[2], +r[3]) + ', ' + r[4] + ':' + r[5] +
             ' UTC'
           : str(s);
}

/* ---- state kept in the URL ---- */

function readParams() {
  const src = new URLSearchParams(location.search);
  const out = new URLSearchParams();
  for (const [k, v] of src)
    if ((FEED_PARAMS.includes(k) || JSON_ONLY.includes(k) ||
         PAGE_ONLY.includes(k)) && v !== '')
      out.append(k, v);
  return out;
}

/* Key events only: neither ?all nor a top of the user's own. */
function keyMode(params) {
  return !params.has('all') && !params.has('top');
}

function feedQuery(params, withPaging) {
  const out = new URLSearchParams();
  for (const [k, v] of params)
    if (FEED_PARAMS.includes(k) || (withPaging && JSON_ONLY.includes(k)))
      out.append(k, v);
  if (withPaging && keyMode(params))
    out.append('top', String(KEY_EVENTS));
  const s = out.toString();
  return s ? '?' + s : '';
}

function typesOf(params) {
  const t = [];
  for (const v of params.getAll('type'))
    for (const x of v.split(','))
      if (x.trim() !== '' && !t.includes(x.trim())) t.push(x.trim());
  return t;
}

/* ---- fetching ---- */

let current = null;       /* AbortController of the timeline request */
let documents = new Map();  /* name -> /documents entry */

async function getJSON(url, signal) {
  let res;
  try {
    res = await fetch(url, {signal: signal, headers: {Accept:
                                                      'application/json'}});
  } catch (e) {
    if (e && e.name === 'AbortError') throw e;
    return {ok: false, status: 0, error: 'the server did not answer'};
  }
  let body = null;
  try {
    body = await res.json();
  } catch (e) {
    if (e && e.name === 'AbortError') throw e;
    body = null;
  }
  if (!res.ok) {
    const err = body && body.error;
    let msg = err && err.message ? str(err.message) : res.statusText;
    if (err && err.param) msg = str(err.param) + ': ' + msg;
    return {ok: false, status: res.status, error: msg};
  }
  return {ok: true, status: res.status, data: body};
}

async function loadDocuments() {
  const r = await getJSON('documents');
  if (!r.ok || !r.data || !Array.isArray(r.data.documents)) return;
  documents = new Map();
  const sel = $('doc-select');
  sel.replaceChildren(el('option', {attrs: {value: ''}}, 'all documents'));
  for (const d of r.data.documents) {
    documents.set(str(d.name), d);
    sel.appendChild(el('option', {attrs: {value: str(d.name)}},
                       d.title ? str(d.title) + ' (' + str(d.name) + ')'
                               : str(d.name)));
  }
  syncDocs(readParams());
  const c = r.data.corpus || {};
  $('corpus').textContent = plural(r.data.documents.length, 'document',
                                   'documents') +
    (c.version ? ' \u00b7 version ' + str(c.version).slice(0, 12) : '');
}

async function loadTimeline() {
  if (current) current.abort();
  const mine = new AbortController();
  current = mine;
  const params = readParams();
  syncForm(params);
  syncSubscribe(params);
  document.documentElement.dataset.timeline = 'loading';
  $('status').textContent = 'Loading events\u2026';
  let r;
  try {
    r = await getJSON('timeline.json' + feedQuery(params, true),
                      mine.signal);
  } catch (e) {
    return;                 /* superseded by a newer request */
  }
  if (mine.signal.aborted) return;
  if (!r.ok) {
    showError('The events could not be loaded: ' + r.error);
    $('status').textContent = '';
    $('timeline').replaceChildren();
    document.documentElement.dataset.timeline = 'error';
    return;
  }
  showError(null);
  /* a link to an event that is not among the key events shows them all */
  const h = location.hash;
  if (h.startsWith('#e-') && keyMode(params) && Array.isArray(r.data.events) &&
      !r.data.events.some(function (e) { return '#e-' + str(e.id) === h; })) {
    params.append('all', '1');
    history.replaceState(null, '', location.pathname + '?' + params.toString() + h);
    loadTimeline();
    return;
  }
  renderTimeline(r.data);
  renderAxis(Array.isArray(r.data.events) ? r.data.events : []);
  document.documentElement.dataset.timeline = 'ready';
  openFromHash(true);
}

function showError(msg) {
  const e = $('error');
  e.textContent = msg || '';
  e.hidden = !msg;
}

/* ---- the filter form ---- */

function syncForm(params) {
  const f = $('filters');
  const types = typesOf(params);
  renderTypeChips(types);
  let active = 0;
  for (const k of FEED_PARAMS)
    if (params.has(k)) active++;
  $('filter-count').textContent = active ? '(' + active + ' active)' : '';
  f.elements.actor.value = params.getAll('actor').join(' | ');
  f.elements.q.value = params.get('q') || '';
  f.elements.from.value = params.get('from') || '';
  f.elements.to.value = params.get('to') || '';
  f.elements.precision.value = params.get('precision') || '';
  syncDocs(params);
}

/* One choice stands for several documents from a shared link (names
 * joined by newlines, which file names here do not hold). */
function syncDocs(params) {
  const docs = params.getAll('doc');
  const sel = $('doc-select');
  const want = docs.join('\n');
  if (want !== '' && !Array.from(sel.options).some(
        function (o) { return o.value === want; }))
    sel.appendChild(el('option', {attrs: {value: want}},
                       docs.length === 1 ? docs[0]
                                         : docs.length + ' documents'));
  sel.value = want;
}

let seenTypes = KNOWN_TYPES.slice();

/* Check the chosen types, adding a chip for a type not met before.  The
 * chips stay the same elements, so keyboard focus stays where it is. */
function renderTypeChips(selected) {
  const list = $('type-list');
  for (const t of selected)
    if (!seenTypes.includes(t)) seenTypes.push(t);
  const boxes = new Map();
  for (const b of list.querySelectorAll('input[name=type]'))
    boxes.set(b.value, b);
  for (const t of seenTypes) {
    let box = boxes.get(t);
    if (!box) {
      box = el('input', {attrs: {type: 'checkbox', name: 'type', value: t},
                         on: {change: applyForm}});
      list.appendChild(el('label', {class: 'chip t-' +
                                    t.replace(/[^a-z_]/g, '')},
                          box, el('span', null, t.replace(/_/g, ' '))));
    }
    box.checked = selected.includes(t);
  }
}

function formParams() {
  const f = $('filters');
  const p = new URLSearchParams();
  for (const box of f.querySelectorAll('input[name=type]'))
    if (box.checked) p.append('type', box.value);
  for (const a of f.elements.actor.value.split('|'))
    if (a.trim() !== '') p.append('actor', a.trim());
  for (const d of f.elements.doc.value.split('\n'))
    if (d !== '') p.append('doc', d);
  for (const k of ['q', 'from', 'to', 'precision']) {
    const v = f.elements[k].value.trim();
    if (v !== '') p.append(k, v);
  }
  /* the choice between key events and all of them stays */
  const cur = readParams();
  for (const k of PAGE_ONLY.concat(['top', 'min_salience']))
    for (const v of cur.getAll(k)) p.append(k, v);
  return p;
}

function navigate(params) {
  const q = params.toString();
  const url = location.pathname + (q ? '?' + q : '');
  if (url !== location.pathname + location.search)
    history.pushState(null, '', url);
  loadTimeline();
}

function applyForm(ev) {
  if (ev) ev.preventDefault();
  navigate(formParams());
}

/* ---- subscribe links ---- */

/* A server started with --token-file: the page was opened with ?token=
 * (its own requests then carry a cookie); calendar apps need it in the
 * link. */
const TOKEN = new URLSearchParams(location.search).get('token');

function syncSubscribe(params) {
  let q = feedQuery(params, false);
  if (TOKEN)
    q += (q ? '&' : '?') + 'token=' + encodeURIComponent(TOKEN);
  const base = location.host + location.pathname.replace(/[^/]*$/, '');
  const ics = location.protocol + '//' + base + 'timeline.ics' + q;
  const webcal = 'webcal://' + base + 'timeline.ics' + q;
  const json = location.protocol + '//' + base + 'timeline.json' + q;
  $('sub-webcal').href = webcal;
  $('sub-google').href = 'https://calendar.google.com/calendar/r?cid=' +
                         encodeURIComponent(webcal);
  $('sub-ics').href = ics;
  $('sub-json').href = json;
  $('sub-url').value = webcal;
  $('copied').textContent = '';
  const h = location.hostname;
  $('sub-note').hidden = !(h === 'localhost' || h === '::1' ||
                           h === '[::1]' || /^127\./.test(h));
}

function copyAddress() {
  const input = $('sub-url');
  const done = function () { $('copied').textContent = 'Copied'; };
  const fallback = function () {
    input.focus();
    input.select();
    let ok = false;
    try { ok = document.execCommand('copy'); } catch (e) { ok = false; }
    $('copied').textContent = ok ? 'Copied' : 'Press Ctrl+C to copy';
  };
  if (navigator.clipboard && window.isSecureContext)
    navigator.clipboard.writeText(input.value).then(done, fallback);
  else
    fallback();
}

/* ---- the timeline ---- */

/* Where an event goes: [group order key, section, subsection].
 * Centuries and decades get their own section before the years they
 * start; dates known only to the year (or its half, season, quarter)
 * come first in their year as a band; months and finer go to their
 * month, the month bands first. */
function placeOf(p) {
  const order = {century: 0, decade: 1};
  if (p.prec in order)
    return {key: [p.y, order[p.prec], 0, 0], section: 'b' + p.prec + p.y,
            heading: p.label, sub: null};
  const yearBand = p.prec === 'year' || p.prec === 'half' ||
                   p.prec === 'season' || p.prec === 'quarter' ||
                   p.prec === 'unknown';
  if (yearBand)
    return {key: [p.y, 2, 0, 0], section: 'y' + p.y, heading: String(p.y),
            sub: 'band', subHeading: 'During ' + p.y};
  return {key: [p.y, 2, p.m, p.prec === 'month' ? 0 : 1],
          section: 'y' + p.y, heading: String(p.y), sub: 'm' + p.m,
          subHeading: MONTHS[p.m - 1] + ' ' + p.y};
}

function cmpKey(a, b) {
  for (let i = 0; i < a.length; i++)
    if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
  return 0;
}

function renderTimeline(data) {
  const corpus = data.corpus || {};
  const events = Array.isArray(data.events) ? data.events : [];
  const shown = typeof corpus.events === 'number' ? corpus.events
                                                    : events.length;
  const total = typeof corpus.total_events === 'number'
                ? corpus.total_events : shown;
  const status = $('status');
  const key = keyMode(readParams());
  status.textContent = key
    ? 'Showing ' + plural(shown, 'key event', 'key events') + ' of ' + total
    : 'Showing ' + shown + ' of ' + plural(total, 'event', 'events');
  const scope = $('scope');
  scope.textContent = key ? 'Show all events' : 'Key events only';
  scope.hidden = !key && !readParams().has('all');
  status.dataset.shown = String(shown);
  status.dataset.total = String(total);

  /* Types and actors met in the data become choices. */
  const actors = new Set();
  let newType = false;
  for (const e of events) {
    if (e.type && !seenTypes.includes(str(e.type))) {
      seenTypes.push(str(e.type));
      newType = true;
    }
    for (const a of e.actors || []) actors.add(str(a));
  }
  if (newType) renderTypeChips(typesOf(readParams()));
  setKids($('actor-list'), Array.from(actors).sort().map(
    function (a) { return el('option', {attrs: {value: a}}); }));

  const placed = events.map(function (e, i) {
    const p = dateOf(e.date);
    return {e: e, p: p, at: placeOf(p), i: i};
  });
  placed.sort(function (a, b) {
    return cmpKey(a.at.key, b.at.key) || a.i - b.i;
  });

  /* A year whose events are all known only to the year needs no "During"
   * line under its heading. */
  const hasMonths = new Set();
  for (const x of placed)
    if (x.at.sub && x.at.sub !== 'band') hasMonths.add(x.at.section);

  const root = document.createDocumentFragment();
  let section = null, sectionList = null, sub = null, subList = null;
  for (const x of placed) {
    if (x.at.section !== section) {
      section = x.at.section;
      sub = null;
      const sec = el('section', {class: 'group'},
                     el('h2', {class: 'year'}, x.at.heading));
      sectionList = sec;
      subList = null;
      if (!x.at.sub || (x.at.sub === 'band' && !hasMonths.has(section))) {
        subList = el('ol', {class: 'events'});
        sec.appendChild(subList);
      }
      root.appendChild(sec);
    }
    if (x.at.sub && x.at.sub !== sub &&
        (x.at.sub !== 'band' || hasMonths.has(section))) {
      sub = x.at.sub;
      sectionList.appendChild(el('h3', {class: 'month' +
                                        (sub === 'band' ? ' band-head' : '')},
                                 x.at.subHeading));
      subList = el('ol', {class: 'events'});
      sectionList.appendChild(subList);
    }
    subList.appendChild(eventRow(x.e, x.p));
  }
  if (placed.length === 0)
    root.appendChild(el('p', {class: 'empty'},
                        total > 0 ? 'No event matches these filters.'
                                  : 'The corpus holds no dated events yet.'));
  $('timeline').replaceChildren(root);
}

function eventRow(e, p) {
  const id = str(e.id);
  const nsrc = Array.isArray(e.sources) ? e.sources.length : 0;
  const coarse = COARSE[p.prec] === 1;
  const conflicts = Array.isArray(e.date_conflicts) &&
                    e.date_conflicts.length > 0;
  const type = str(e.type);
  const row = el('button', {class: 'row',
                            attrs: {type: 'button', 'aria-expanded': 'false',
                                    'aria-controls': 'd-' + id}},
    el('span', {class: 'when'},
       el('span', {class: 'date'}, p.label),
       coarse ? el('span', {class: 'prec'}, p.prec) : null),
    el('span', {class: 'what'},
       el('span', {class: 'meta'},
          el('span', {class: 'type t-' + type.replace(/[^a-z_]/g, '')},
             type.replace(/_/g, ' ')),
          e.status && e.status !== 'occurred'
            ? el('span', {class: 'status'}, str(e.status)) : null,
          conflicts ? el('span', {class: 'warn', attrs: {title:
                         'Sources disagree about the date'}},
                         'date disputed') : null),
       el('span', {class: 'title'}, str(e.title)),
       (e.actors || []).length
         ? el('span', {class: 'actors'}, e.actors.map(str).join(', '))
         : null),
    el('span', {class: 'nsrc'}, plural(nsrc, 'source', 'sources')));
  const li = el('li', {class: 'event prec-' + p.prec + (coarse ? ' coarse'
                                                              : ''),
                       id: 'e-' + id, attrs: {'data-id': id}},
                row,
                el('div', {class: 'detail', id: 'd-' + id,
                           attrs: {hidden: ''}}));
  li._event = e;
  li._date = p;
  row.addEventListener('click', function () { toggle(li); });
  return li;
}

function toggle(li, force) {
  const row = li.querySelector('.row');
  const detail = li.querySelector('.detail');
  const open = force !== undefined ? force
                                   : row.getAttribute('aria-expanded') !==
                                     'true';
  if (open && detail.childNodes.length === 0)
    detail.appendChild(renderDetail(li._event, li._date));
  row.setAttribute('aria-expanded', open ? 'true' : 'false');
  detail.hidden = !open;
  li.classList.toggle('open', open);
  const want = open ? '#e-' + li.dataset.id : '';
  if (open && location.hash !== want)
    history.replaceState(null, '', location.pathname + location.search + want);
  else if (!open && location.hash === '#e-' + li.dataset.id)
    history.replaceState(null, '', location.pathname + location.search);
}

function renderDetail(e, p) {
  const d = e.date || {};
  const conflicts = Array.isArray(e.date_conflicts) ? e.date_conflicts : [];
  const conflictValues = conflicts.map(function (c) {
    return str(c && c.value);
  });
  /* Spell out the days of the bands whose name does not say them. */
  const spans = {week: 1, quarter: 1, season: 1, half: 1};
  const range = spans[p.prec] && d.start && d.end && d.start !== d.end
    ? isoDayLabel(d.start) + ' \u2013 ' + isoDayLabel(d.end) : null;
  const facts = el('dl', {class: 'facts'},
    el('dt', null, 'Date'),
    el('dd', null, p.label,
       range ? el('span', {class: 'muted'}, ' (' + range + ')') : null,
       str(d.value) !== p.label ? el('code', null, str(d.value)) : null,
       COARSE[p.prec] === 1
         ? el('span', {class: 'muted'}, ' \u2014 known to the ' + p.prec)
         : null),
    el('dt', null, 'Status'), el('dd', null, str(e.status) || 'unknown'),
    (e.actors || []).length ? el('dt', null, 'Actors') : null,
    (e.actors || []).length
      ? el('dd', {class: 'actor-list'}, e.actors.map(function (a) {
          return el('button', {class: 'actor', attrs: {type: 'button',
                                title: 'Show only events with this actor'},
                               on: {click: function () { filterActor(a); }}},
                    str(a));
        }))
      : null,
    el('dt', null, 'Event'),
    el('dd', null, el('a', {attrs: {href: 'events/' +
                                    encodeURIComponent(str(e.id))}},
                      str(e.id))));
  const parts = [facts];
  if (conflicts.length)
    parts.push(el('div', {class: 'conflict', attrs: {role: 'note'}},
      el('strong', null, 'Sources disagree about the date. '),
      'The chronology dates this event ' + p.label + '; ' +
      (conflicts.length === 1 ? 'another date given is '
                              : 'other dates given are ') +
      conflicts.map(function (c) { return dateOf(c).label; }).join(', ') +
      '.'));
  const sources = Array.isArray(e.sources) ? e.sources : [];
  parts.push(el('h4', null, 'Sources (' + sources.length + ')'));
  parts.push(el('ol', {class: 'sources'}, sources.map(function (s) {
    return renderSource(s, conflictValues);
  })));
  return el('div', null, parts);
}

function renderSource(s, conflictValues) {
  const doc = documents.get(str(s.doc));
  const dct = doc && doc.dct ? doc.dct : s.dct;
  const how = doc ? (str(doc.dct_how) || str(doc.dct_source)) : '';
  const differs = conflictValues.includes(str(s.date));
  const sd = parseValue(s.date);
  const mod = MODS[str(s.mod)];
  const anchor = {absolute: 'an absolute date',
                  dct: 'counted from the document date',
                  previous: 'counted from a date mentioned before',
                  none: 'not anchored',
                  headline: 'a headline: dated as the same event in the body, ' +
                            'or by the document date',
                  reporting: 'a statement with no date: the document date',
                  narrative: 'continues the dated story before it',
                  form: 'the date of the form it is written in'}[str(s.anchor)] ||
                 str(s.anchor);
  return el('li', {class: 'source' + (differs ? ' differs' : '')},
    el('p', {class: 'doc'},
       el('span', {class: 'docname'}, str(s.doc)),
       (doc && doc.title) || s.doc_title
         ? el('span', {class: 'doctitle'}, str((doc && doc.title) || s.doc_title))
         : null,
       el('button', {class: 'open-doc', attrs: {type: 'button'},
                     on: {click: function () { openDocument(s); }}},
          'Open the document'),
       el('span', {class: 'dct'},
          dct ? 'document dated ' + isoDayLabel(dct) +
                (how ? ' \u2014 found from ' + how : '')
              : 'no document date found')),
    Array.isArray(s.copies) && s.copies.length
      ? el('p', {class: 'copies muted'},
           'The same text is also in ' + s.copies.map(str).join(', '))
      : null,
    el('blockquote', {class: 'evidence'}, highlight(s)),
    el('p', {class: 'src-date'},
       s.date_text ? ['\u201c', el('span', {class: 'dtext'},
                                   str(s.date_text)), '\u201d \u2192 '] : null,
       sd ? (mod ? mod + ' ' : '') + sd.label : str(s.date) || 'no date',
       anchor ? ' (' + anchor + ')' : '',
       differs ? el('span', {class: 'warn'}, 'differs from the chronology')
               : null));
}

/* What a converted document was read from, said in the dialog. */
const CONVERTED_FROM = {pdf: 'a PDF', html: 'a web page', email: 'an e-mail',
                        docx: 'a Word file'};

/* The whole document in a dialog, the source's sentence marked and
 * scrolled to.  The text is the one chronicle read (/documents/NAME/text):
 * the file itself, or the text converted from a PDF, a page, an e-mail, a
 * .docx or another encoding, whose bytes the offsets count; so its bytes
 * are cut there and each piece decoded. */
async function openDocument(s) {
  const name = str(s.doc);
  const dlg = $('doc-view');
  const doc = documents.get(name);
  const base = 'documents/' + encodeURIComponent(name);
  $('doc-view-title').textContent = (doc && doc.title) || str(s.doc_title) || name;
  $('doc-view-name').textContent = name;
  const from = $('doc-view-from');
  if (doc && str(doc.text_of) === 'converted') {
    const kind = CONVERTED_FROM[str(doc.format)] ||
                 (doc.encoding ? 'text in ' + str(doc.encoding) : 'another form');
    from.replaceChildren('The text chronicle read from ' + kind + ' (',
                         el('a', {attrs: {href: base + '/file', target: '_blank',
                                          rel: 'noopener'}}, 'the file'),
                         ').');
    from.hidden = false;
  } else {
    from.replaceChildren();
    from.hidden = true;
  }
  const pre = $('doc-view-text');
  pre.replaceChildren('Loading\u2026');
  if (!dlg.open) dlg.showModal();
  let res;
  try {
    res = await fetch(base + '/text');
  } catch (e) {
    pre.replaceChildren('The server did not answer.');
    return;
  }
  if (!res.ok) {
    let msg = 'HTTP ' + res.status;
    try { msg = str((await res.json()).error) || msg; } catch (e) { /* text */ }
    pre.replaceChildren(msg);
    return;
  }
  const bytes = new Uint8Array(await res.arrayBuffer());
  const dec = new TextDecoder('utf-8');
  const a = Math.max(0, Math.min(bytes.length, Number(s.offset) || 0));
  const b = Math.max(a, Math.min(bytes.length, a + (Number(s.length) || 0)));
  const mark = el('mark', {class: 'sentence'}, dec.decode(bytes.subarray(a, b)));
  pre.replaceChildren(dec.decode(bytes.subarray(0, a)), mark,
                      dec.decode(bytes.subarray(b)));
  mark.scrollIntoView({block: 'center'});
  pre.focus();
}

/* The evidence sentence with the date expression marked.  Offsets are
 * bytes into the text chronicle read, while the sentence has its runs of
 * white space squeezed to one space, so the expression is found by its text:
 * the last occurrence that starts no later than its byte offset. */
function highlight(s) {
  const sentence = str(s.sentence);
  const text = str(s.date_text);
  const rel = Number(s.date_offset) - Number(s.offset);
  /* an inferred date comes from another sentence: nothing to mark here */
  if (text === '' || !(rel >= 0 && rel < Number(s.length))) return [sentence];
  const enc = new TextEncoder();
  let best = -1;
  for (let i = sentence.indexOf(text); i !== -1;
       i = sentence.indexOf(text, i + 1)) {
    if (best >= 0 && enc.encode(sentence.slice(0, i)).length > rel) break;
    best = i;
  }
  if (best < 0) return [sentence];
  return [sentence.slice(0, best), el('mark', null, text),
          sentence.slice(best + text.length)];
}

function filterActor(a) {
  const p = readParams();
  p.delete('actor');
  p.delete('offset');
  p.append('actor', str(a));
  navigate(p);
}

/* #e-ID opens that event (a shared link to one event). */
/* ---- the time axis: the events shown, a day as a point, a longer
 * date as a band, zoomed with the wheel or the buttons, moved by dragging ---- */

const DAY_MS = 86400000;
/* the namespace the HTML parser gave the page's own <svg> */
function svgNS() { return $('axis-svg').namespaceURI; }
let axis = {items: [], lo: 0, hi: 1, fitLo: 0, fitHi: 1};

function svgEl(tag, attrs) {
  const n = document.createElementNS(svgNS(), tag);
  for (const k of Object.keys(attrs || {})) n.setAttribute(k, String(attrs[k]));
  return n;
}

function dayMs(iso) {
  const t = Date.parse(str(iso) + 'T00:00:00Z');
  return Number.isFinite(t) ? t : NaN;
}

function renderAxis(events) {
  const items = [];
  for (const e of events) {
    const d = e.date || {};
    const a = dayMs(d.start), b = dayMs(d.end);
    if (!Number.isFinite(a) || !Number.isFinite(b)) continue;
    items.push({id: str(e.id), type: str(e.type), title: str(e.title),
                label: str(d.value), a: a, b: b + DAY_MS,
                point: str(d.precision) === 'day' || str(d.precision) === 'minute'});
  }
  axis.items = items;
  $('axis').hidden = items.length === 0;
  if (!items.length) return;
  let lo = Infinity, hi = -Infinity;
  for (const it of items) {
    lo = Math.min(lo, it.a);
    hi = Math.max(hi, it.b);
  }
  const pad = Math.max((hi - lo) * 0.03, 15 * DAY_MS);
  axis.fitLo = axis.lo = lo - pad;
  axis.fitHi = axis.hi = hi + pad;
  drawAxis();
}

/* Tick marks: years, or months when the view is short enough. */
function axisTicks(lo, hi) {
  const out = [];
  const span = (hi - lo) / DAY_MS;
  const d = new Date(lo);
  const monthly = span < 900;
  let y = d.getUTCFullYear(), m = monthly ? d.getUTCMonth() : 0;
  const step = monthly ? (span < 200 ? 1 : 3) : Math.max(1, Math.ceil(span / 365 / 12));
  for (let guard = 0; guard < 400; guard++) {
    const t = Date.UTC(y, m, 1);
    if (t > hi) break;
    if (t >= lo)
      out.push({t: t, label: monthly
        ? new Date(t).toLocaleDateString('en-GB', {month: 'short', timeZone: 'UTC'}) +
          (m === 0 || out.length === 0 ? ' ' + y : '')
        : String(y)});
    if (monthly) {
      m += step;
      while (m >= 12) { m -= 12; y++; }
    } else {
      y += step;
    }
  }
  return out;
}

function drawAxis() {
  const svg = $('axis-svg');
  const width = Math.max(200, svg.clientWidth || svg.parentNode.clientWidth || 600);
  const lo = axis.lo, hi = axis.hi;
  const x = function (t) { return (t - lo) / (hi - lo) * width; };
  /* lanes: each item takes the first lane free at its start */
  const lanes = [];
  const sorted = axis.items.slice().sort(function (p, q) { return p.a - q.a; });
  const placed = [];
  for (const it of sorted) {
    const x0 = x(it.a), x1 = it.point ? x0 + 8 : Math.max(x(it.b), x0 + 4);
    let lane = lanes.findIndex(function (end) { return end + 3 <= x0; });
    if (lane < 0) {
      lane = lanes.length < 12 ? lanes.length : lanes.length - 1;
      if (lane === lanes.length) lanes.push(0);
    }
    lanes[lane] = Math.max(lanes[lane], x1);
    placed.push({it: it, x0: x0, x1: x1, lane: lane});
  }
  const rowH = 14, top = 24;
  const height = top + Math.max(1, lanes.length) * rowH + 6;
  svg.setAttribute('viewBox', '0 0 ' + width + ' ' + height);
  svg.setAttribute('height', String(height));
  const kids = [];
  let labelEnd = -Infinity;
  for (const tk of axisTicks(lo, hi)) {
    const tx = x(tk.t);
    kids.push(svgEl('line', {x1: tx, x2: tx, y1: 16, y2: height, class: 'tick'}));
    /* a label only where the one before has left room */
    if (tx < labelEnd) continue;
    labelEnd = tx + 6 * tk.label.length + 8;
    const label = svgEl('text', {x: tx + 3, y: 12, class: 'tick-label'});
    label.textContent = tk.label;
    kids.push(label);
  }
  for (const p of placed) {
    const y = top + p.lane * rowH;
    const cls = 'item t-' + p.it.type + (p.it.point ? ' point' : ' band');
    const node = p.it.point
      ? svgEl('circle', {cx: p.x0, cy: y + rowH / 2 - 1, r: 4, class: cls})
      : svgEl('rect', {x: p.x0, y: y + 2, width: Math.max(2, p.x1 - p.x0), height: rowH - 5,
                       rx: 2, class: cls});
    node.setAttribute('data-id', p.it.id);
    const tip = svgEl('title', {});
    tip.textContent = p.it.label + ' \u2014 ' + p.it.title;
    node.appendChild(tip);
    kids.push(node);
  }
  svg.replaceChildren.apply(svg, kids);
}

function zoomAxis(factor, at) {
  const span = axis.hi - axis.lo;
  const mid = at === undefined ? (axis.lo + axis.hi) / 2 : at;
  let nspan = Math.min(Math.max(span * factor, 2 * DAY_MS),
                       (axis.fitHi - axis.fitLo) * 4);
  axis.lo = mid - (mid - axis.lo) * nspan / span;
  axis.hi = axis.lo + nspan;
  drawAxis();
}

function setupAxis() {
  const svg = $('axis-svg');
  $('axis-in').addEventListener('click', function () { zoomAxis(0.5); });
  $('axis-out').addEventListener('click', function () { zoomAxis(2); });
  $('axis-fit').addEventListener('click', function () {
    axis.lo = axis.fitLo;
    axis.hi = axis.fitHi;
    drawAxis();
  });
  svg.addEventListener('wheel', function (ev) {
    ev.preventDefault();
    const r = svg.getBoundingClientRect();
    const at = axis.lo + (ev.clientX - r.left) / r.width * (axis.hi - axis.lo);
    zoomAxis(ev.deltaY > 0 ? 1.25 : 0.8, at);
  }, {passive: false});
  let drag = null;
  svg.addEventListener('pointerdown', function (ev) {
    drag = {x: ev.clientX, lo: axis.lo, hi: axis.hi, moved: false};
  });
  window.addEventListener('pointermove', function (ev) {
    if (!drag) return;
    const r = svg.getBoundingClientRect();
    const dt = (ev.clientX - drag.x) / r.width * (drag.hi - drag.lo);
    if (Math.abs(ev.clientX - drag.x) > 3) drag.moved = true;
    axis.lo = drag.lo - dt;
    axis.hi = drag.hi - dt;
    if (drag.moved) drawAxis();
  });
  window.addEventListener('pointerup', function () { drag = null; });
  svg.addEventListener('click', function (ev) {
    const id = ev.target && ev.target.getAttribute && ev.target.getAttribute('data-id');
    if (id) {
      location.hash = '#e-' + id;
      openFromHash(true);
    }
  });
  window.addEventListener('resize', function () { if (axis.items.length) drawAxis(); });
}

function openFromHash(scroll) {
  const h = location.hash;
  if (!h.startsWith('#e-')) return;
  const li = document.getElementById(h.slice(1));
  if (!li || !li.classList.contains('event')) return;
  toggle(li, true);
  if (scroll) li.scrollIntoView({block: 'start'});
  li.querySelector('.row').focus({preventScroll: !scroll});
}

/* Arrow keys move between events; Escape closes the open one. */
function onKey(ev) {
  const row = ev.target.closest ? ev.target.closest('.event') : null;
  if (!row) return;
  if (ev.key === 'Escape') {
    if (row.classList.contains('open')) {
      toggle(row, false);
      row.querySelector('.row').focus();
      ev.preventDefault();
    }
    return;
  }
  if ((ev.key !== 'ArrowDown' && ev.key !== 'ArrowUp') ||
      !ev.target.classList.contains('row'))
    return;
  const rows = Array.from(document.querySelectorAll('#timeline .row'));
  const i = rows.indexOf(ev.target);
  const next = rows[i + (ev.key === 'ArrowDown' ? 1 : -1)];
  if (next) {
    next.focus();
    ev.preventDefault();
  }
}

/* ---- changes between corpus versions (present when the daemon keeps a
 * history: /versions and /diff; absent otherwise) ---- */

let hasVersions = false;

async function loadVersions() {
  const r = await getJSON('versions');
  hasVersions = r.ok;
  $('tab-changes').hidden = !r.ok;
  return r;
}

function versionList(data) {
  if (Array.isArray(data)) return data;
  if (data && Array.isArray(data.versions)) return data.versions;
  return [];
}

async function loadChanges() {
  const box = $('changes');
  const meta = $('changes-meta');
  const v = await loadVersions();
  if (!v.ok) {
    meta.textContent = 'This server keeps no version history.';
    box.replaceChildren();
    return;
  }
  /* The served version, else the highest number, else the first. */
  const versions = versionList(v.data);
  const cur = v.data && v.data.current;
  let latest = versions.find(function (x) {
    return x && cur !== undefined && cur !== null && x.number === cur;
  }) || null;
  for (const x of versions)
    if (!latest || (x && typeof x.number === 'number' &&
                    x.number > (latest.number || 0)))
      latest = x;
  const when = latest ? timeLabel(latest.created || latest.time) : '';
  meta.textContent = plural(versions.length, 'version', 'versions') +
    ' kept' + (latest && latest.number ? '; serving version ' +
               str(latest.number) : '') + (when ? ', from ' + when : '') + '.';
  const r = await getJSON('diff');
  if (!r.ok) {
    box.replaceChildren(el('p', {class: 'empty'},
      versions.length < 2 ? 'There is no earlier version to compare with.'
                          : 'The changes could not be loaded: ' + r.error));
    return;
  }
  box.replaceChildren(renderDiff(r.data || {}));
}

function itemDate(x) {
  if (x === null || x === undefined) return '';
  if (typeof x === 'string') {
    const p = parseValue(x);
    return p ? p.label : x;
  }
  if (typeof x === 'object' && 'value' in x) return dateOf(x).label;
  return str(x);
}

/* A changed field's old or new value as text. */
function fieldText(k, v) {
  if (k === 'date') return itemDate(v);
  if (Array.isArray(v)) return v.map(str).join(', ');
  if (v && typeof v === 'object') return JSON.stringify(v);
  return str(v);
}

/* One side of a diff: {"name","number","version",...} or a string. */
function endLabel(x) {
  if (x && typeof x === 'object') {
    if (x.number) return 'version ' + str(x.number);
    if (x.version) return 'version ' + str(x.version).slice(0, 12);
    return str(x.name);
  }
  return 'version ' + str(x).slice(0, 12);
}

function eventLink(x) {
  const ids = typeof x === 'string' ? [x]
              : [str(x && x.new_id), str(x && x.id)].filter(Boolean);
  const title = typeof x === 'object' && x ? str(x.title) : '';
  const date = typeof x === 'object' && x && x.date ? itemDate(x.date) : '';
  const id = ids.find(function (i) {
    return document.getElementById('e-' + i);
  });
  const label = [date, title || ids[0] || ''].filter(Boolean)
                .join(' \u2014 ');
  return id
    ? el('a', {attrs: {href: '#e-' + id}}, label)
    : el('span', null, label);
}

function renderDiff(diff) {
  const added = Array.isArray(diff.added) ? diff.added : [];
  const removed = Array.isArray(diff.removed) ? diff.removed : [];
  const changed = Array.isArray(diff.changed) ? diff.changed : [];
  const redated = changed.filter(function (c) {
    return c && c.fields && c.fields.date;
  });
  const other = changed.filter(function (c) {
    return !(c && c.fields && c.fields.date);
  });
  const out = [];
  if (diff.from || diff.to)
    out.push(el('p', {class: 'muted'}, 'From ' + endLabel(diff.from) +
                ' to ' + endLabel(diff.to) + '.'));
  const block = function (title, cls, items, render) {
    out.push(el('h3', {class: 'diff-h ' + cls},
                title + ' (' + items.length + ')'));
    out.push(items.length
      ? el('ul', {class: 'diff ' + cls}, items.map(function (x) {
          return el('li', null, render(x));
        }))
      : el('p', {class: 'muted'}, 'None.'));
  };
  block('Added', 'added', added, eventLink);
  block('Removed', 'removed', removed, eventLink);
  block('Re-dated', 'redated', redated, function (c) {
    const f = c.fields.date;
    return [eventLink(c), ': ', el('del', null, itemDate(f.old)), ' \u2192 ',
            el('ins', null, itemDate(f.new))];
  });
  block('Other changes', 'changed', other, function (c) {
    const parts = [eventLink(c)];
    const fields = c && c.fields ? c.fields : {};
    for (const k of Object.keys(fields)) {
      const f = fields[k] || {};
      parts.push(el('span', {class: 'field'}, ' ' + k + ': ',
                    el('del', null, fieldText(k, f.old)), ' \u2192 ',
                    el('ins', null, fieldText(k, f.new))));
    }
    const sa = Array.isArray(c && c.sources_added) ? c.sources_added : [];
    const sr = Array.isArray(c && c.sources_removed) ? c.sources_removed : [];
    if (sa.length) parts.push(' ' + plural(sa.length, 'source', 'sources') +
                              ' added');
    if (sr.length) parts.push(' ' + plural(sr.length, 'source', 'sources') +
                              ' removed');
    return parts;
  });
  const docs = diff.documents && typeof diff.documents === 'object'
               ? diff.documents : null;
  if (docs) {
    const line = function (label, list) {
      return Array.isArray(list) && list.length
        ? el('li', null, label + ': ', list.map(str).join(', ')) : null;
    };
    const items = [line('added', docs.added), line('removed', docs.removed),
                   line('changed', docs.changed)].filter(Boolean);
    out.push(el('h3', {class: 'diff-h'}, 'Documents'));
    out.push(items.length ? el('ul', {class: 'diff docs'}, items)
                          : el('p', {class: 'muted'}, 'None changed.'));
  }
  return el('div', null, out);
}

/* ---- views ---- */

function showView() {
  const changes = location.hash === '#changes' && hasVersions;
  $('view-timeline').hidden = changes;
  $('view-changes').hidden = !changes;
  $('tab-timeline').setAttribute('aria-current', changes ? 'false' : 'page');
  $('tab-changes').setAttribute('aria-current', changes ? 'page' : 'false');
  document.documentElement.dataset.view = changes ? 'changes' : 'timeline';
  if (changes) loadChanges();
}

function start() {
  /* Without room for a sidebar the events come first: the panels start
   * closed, their summaries one tap away. */
  if (window.matchMedia && window.matchMedia('(max-width: 63.99em)').matches) {
    $('filter-panel').open = false;
    $('subscribe').open = false;
  }
  setupAxis();
  $('filters').addEventListener('submit', applyForm);
  $('doc-view-close').addEventListener('click', function () { $('doc-view').close(); });
  $('filters').elements.doc.addEventListener('change', applyForm);
  $('filters').elements.precision.addEventListener('change', applyForm);
  $('scope').addEventListener('click', function () {
    const p = readParams();
    if (keyMode(p))
      p.append('all', '1');
    else
      p.delete('all');
    navigate(p);
  });
  $('clear').addEventListener('click', function () {
    navigate(new URLSearchParams());
  });
  $('copy').addEventListener('click', copyAddress);
  $('tab-timeline').addEventListener('click', function (ev) {
    ev.preventDefault();
    history.pushState(null, '', location.pathname + location.search);
    showView();
  });
  document.addEventListener('keydown', onKey);
  window.addEventListener('popstate', function () {
    showView();
    loadTimeline();
  });
  window.addEventListener('hashchange', function () {
    showView();
    openFromHash(true);
  });
  showView();
  /* Documents first when they come quickly, so sources can name their
   * dates; the timeline does not wait for them. */
  loadDocuments();
  loadTimeline();
  loadVersions().then(function (r) {
    if (r.ok && location.hash === '#changes') showView();
  });
}

if (document.readyState === 'loading')
  document.addEventListener('DOMContentLoaded', start);
else
  start();

})();
