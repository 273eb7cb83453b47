// Uploads one ledger workbook again and again for a number of seconds, from its own process, while
// the bench measures /health: the server must keep answering while it reads workbooks.
import fs from 'node:fs';

const [url, file, seconds, token] = [process.argv[2], process.argv[3], Number(process.argv[4] ?? 5), process.argv[5]];
const bytes = fs.readFileSync(file);
const end = Date.now() + seconds * 1000;
let uploads = 0;
let failures = 0;
while (Date.now() < end) {
  const form = new FormData();
  form.append('file', new Blob([bytes], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }), 'ledger.xlsx');
  const res = await fetch(url, { method: 'POST', body: form, headers: { authorization: `Bearer ${token}` } });
  await res.arrayBuffer();
  if (res.status === 201) uploads++;
  else failures++;
}
process.stdout.write(JSON.stringify({ uploads, failures }));
