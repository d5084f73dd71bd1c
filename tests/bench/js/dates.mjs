// dates.mjs - the peer of `chronicle dates` in tests/bench/dates.sh:
// chrono-node's English parser over every line of FILE, each against the
// same reference date as `chronicle dates --dct 2020-01-01`.  Prints the
// number of dates found, so the work cannot be skipped.
//
//     node tests/bench/js/dates.mjs FILE
import { readFileSync } from 'node:fs';
import * as chrono from 'chrono-node';

if (process.argv.length !== 3) {
    process.stderr.write('usage: node dates.mjs FILE\n');
    process.exit(2);
}
const text = readFileSync(process.argv[2], 'utf8');
const ref = new Date(Date.UTC(2020, 0, 1, 12));
let found = 0;
let start = 0;
// Line by line: a line is a paragraph in the seed documents, and chrono
// works on short texts; indexOf keeps the 40 MB string whole.
while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0)
        end = text.length;
    if (end > start)
        found += chrono.parse(text.slice(start, end), ref).length;
    start = end + 1;
}
process.stdout.write(`${found}\n`);
