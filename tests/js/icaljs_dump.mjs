// icaljs_dump.mjs - parse an iCalendar file with Mozilla's ical.js (the
// parser Thunderbird uses) and print one JSON object per VEVENT, in file
// order, for tests/render/test_icaljs.c to compare with what libical reads.
//
// usage: node tests/js/icaljs_dump.mjs FILE.ics
//
// Each line: {"uid","dtstart","dtend","summary","description","categories",
// "sequence"}.  Text is unescaped; dates are "YYYY-MM-DD", date-times
// "YYYY-MM-DDTHH:MM:SS" with "Z" when in UTC; categories are every value of
// every CATEGORIES property; a missing property is null.  Exit status: 0,
// 1 bad usage, 2 the file cannot be read or parsed.
import { readFileSync } from 'node:fs';
import ICAL from 'ical.js';

function pad(n, width) {
  return String(n).padStart(width, '0');
}

// The canonical text of a DATE or DATE-TIME value.
function timeText(t) {
  let s = `${pad(t.year, 4)}-${pad(t.month, 2)}-${pad(t.day, 2)}`;
  if (t.isDate)
    return s;
  s += `T${pad(t.hour, 2)}:${pad(t.minute, 2)}:${pad(t.second, 2)}`;
  if (t.zone === ICAL.Timezone.utcTimezone)
    s += 'Z';
  return s;
}

function timeProp(ev, name) {
  const p = ev.getFirstProperty(name);
  if (p === null)
    return null;
  return timeText(p.getFirstValue());
}

function textProp(ev, name) {
  const p = ev.getFirstProperty(name);
  return p === null ? null : String(p.getFirstValue());
}

function dump(ev) {
  const categories = [];
  for (const p of ev.getAllProperties('categories'))
    for (const v of p.getValues())
      categories.push(String(v));
  const seq = ev.getFirstProperty('sequence');
  return {
    uid: textProp(ev, 'uid'),
    dtstart: timeProp(ev, 'dtstart'),
    dtend: timeProp(ev, 'dtend'),
    summary: textProp(ev, 'summary'),
    description: textProp(ev, 'description'),
    categories,
    sequence: seq === null ? null : seq.getFirstValue(),
  };
}

if (process.argv.length !== 3) {
  process.stderr.write('usage: node icaljs_dump.mjs FILE.ics\n');
  process.exit(1);
}
let cal;
try {
  const text = readFileSync(process.argv[2], 'utf8');
  cal = new ICAL.Component(ICAL.parse(text));
} catch (e) {
  process.stderr.write(`icaljs_dump: ${process.argv[2]}: ${e.message}\n`);
  process.exit(2);
}
if (cal.name !== 'vcalendar') {
  process.stderr.write(`icaljs_dump: found ${cal.name}, expected vcalendar\n`);
  process.exit(2);
}
const lines = cal.getAllSubcomponents('vevent').map(ev => JSON.stringify(dump(ev)));
process.stdout.write(lines.map(l => l + '\n').join(''));
