// Bytes of one full todos.list page (1,000 todos) as the API sends it, and gzip/brotli-compressed as CloudFront does
// for /trpc/* (decision 024). Names use random tokens, so these are pessimistic. Usage: npx tsx cdk/scripts/api-compression.ts
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';
import { v7 as uuidv7 } from 'uuid';
const words = 'buy milk call mum fix the bike write report book flights pay rent water plants renew passport clean kitchen'.split(' ');
function name(i: number, length: number) {
  let s = `${i} `;
  while (s.length < length) s += (words[Math.floor(Math.random() * words.length)] ?? "") + " " + Math.random().toString(36).slice(2, 6) + " ";
  return s.slice(0, length).trim();
}
for (const [label, len] of [['names at the 500-char limit', 500], ['typical 30-char names', 30]] as const) {
  const items = Array.from({ length: 1000 }, (_, i) => ({ id: uuidv7(), name: name(i, len), completed: i % 3 === 0, version: 1 + (i % 4), createdAt: new Date(1795665600000 + i * 1000).toISOString(), updatedAt: new Date(1795665600000 + i * 2000).toISOString() }));
  const body = JSON.stringify({ result: { data: { items, nextCursor: 'eyJwayI6IlVTRVIjYWJjIiwic2siOiJUT0RPIzAxOTNhIn0' } } });
  const raw = Buffer.byteLength(body);
  const gz = gzipSync(body, { level: 6 }).length;
  const br = brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 4 } }).length;
  console.log(`${label}: raw ${raw} B, gzip(6) ${gz} B (${(100 * gz / raw).toFixed(1)}%), brotli(q4) ${br} B (${(100 * br / raw).toFixed(1)}%)`);
}
