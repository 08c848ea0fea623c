/**
 * Dev benchmark input: `node test/unit/import/make-big-csv.ts OUT.csv [rows]` writes a semicolon CSV
 * like the service's exports (Russian headers, 10 columns, quoted comments with ; and "").
 * Not a test file (no .test.ts); the official benchmark lives in test/bench.
 */
import fs from 'node:fs';

const out = process.argv[2] ?? '/tmp/callsight-1m.csv';
const rows = Number(process.argv[3] ?? 1_000_000);
const statuses = ['200/200', '200/487', '487/0', '200/486', '200/0', '480/0', '701/0', '200/480', '603/0', '200/603 Оператор запрещает', '999/999', '2/0'];
const managers = ['Иванов Иван', 'Петрова Мария', 'Сидоров Пётр', 'Кузнецова Анна', 'Смирнов Олег'];
const sites = ['shop.example.ru', 'okna-moskva.ru', 'dostavka24.ru', 'example.com'];
const comments = ['', 'Перезвонить позже', 'Клиент просил "не звонить"; отказ', 'Уточнить адрес доставки, заказ №', 'Без комментариев'];
let rand = 12345;
const next = (n: number): number => { rand = (rand * 1103515245 + 12345) & 0x7fffffff; return (rand >>> 8) % n; };
const p2 = (n: number): string => String(n).padStart(2, '0');

const fd = fs.openSync(out, 'w');
fs.writeSync(fd, 'ID;Дата и время;Номер клиента;Менеджер;Номер менеджера;Статус;Длительность;Стоимость;Сайт;Комментарий\r\n');
let buf = '';
for (let i = 1; i <= rows; i++) {
  const when = `${p2(1 + next(28))}.${p2(1 + next(12))}.2026 ${p2(next(24))}:${p2(next(60))}:${p2(next(60))}`;
  const client = `+7 (9${p2(next(100))}) ${100 + next(900)}-${p2(next(100))}-${p2(next(100))}`;
  const comment = comments[next(comments.length)]!;
  const quoted = comment.includes(';') || comment.includes('"') ? `"${comment.replace(/"/g, '""')}"` : comment;
  buf += `${i};${when};${client};${managers[next(managers.length)]};8495${1000000 + next(8999999)};${statuses[next(statuses.length)]};${next(600)};${next(50)},${p2(next(100))};${sites[next(sites.length)]};${quoted}\r\n`;
  if (buf.length > 1 << 20) { fs.writeSync(fd, buf); buf = ''; }
}
fs.writeSync(fd, buf);
fs.closeSync(fd);
console.log(`${out}: ${rows} rows, ${(fs.statSync(out).size / 1e6).toFixed(1)} MB`);
