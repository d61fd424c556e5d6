// Draws the site icon (a staircase on the brand colour) into apps/web/src/app/favicon.ico:
// 16, 32 and 48 px PNG images in one ICO file. Run with `node scripts/favicon.mjs` after changing it.
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { root } from "./lib.mjs";

const brand = [0x0d, 0x6e, 0x6e];
const ink = [0xff, 0xff, 0xff];
/** Steps rising to the right, in a unit square: [x0, y0, x1, y1]. */
const steps = [
  [0.2, 0.58, 0.41, 0.8],
  [0.4, 0.4, 0.61, 0.8],
  [0.6, 0.2, 0.8, 0.8],
];
const corner = 0.2;
const samples = 4;

function insideTile(x, y) {
  const cx = Math.min(Math.max(x, corner), 1 - corner);
  const cy = Math.min(Math.max(y, corner), 1 - corner);
  return (x - cx) ** 2 + (y - cy) ** 2 <= corner ** 2;
}

const onStep = (x, y) => steps.some(([x0, y0, x1, y1]) => x >= x0 && x < x1 && y >= y0 && y < y1);

/** RGBA pixels, supersampled so the edges are smooth at 16 px. */
function draw(size) {
  const pixels = Buffer.alloc(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let tile = 0;
      let white = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const x = (px + (sx + 0.5) / samples) / size;
          const y = (py + (sy + 0.5) / samples) / size;
          if (!insideTile(x, y)) continue;
          tile++;
          if (onStep(x, y)) white++;
        }
      }
      const at = (py * size + px) * 4;
      const share = tile ? white / tile : 0;
      for (let c = 0; c < 3; c++) pixels[at + c] = Math.round(brand[c] * (1 - share) + ink[c] * share);
      pixels[at + 3] = Math.round((255 * tile) / samples ** 2);
    }
  }
  return pixels;
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

function png(size) {
  const pixels = draw(size);
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) pixels.copy(rows, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, no interlace
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk("IHDR", header), chunk("IDAT", zlib.deflateSync(rows, { level: 9 })), chunk("IEND", Buffer.alloc(0))]);
}

function ico(sizes) {
  const images = sizes.map(png);
  const header = Buffer.alloc(6);
  header.writeUInt16LE(1, 2); // icon
  header.writeUInt16LE(images.length, 4);
  let offset = 6 + 16 * images.length;
  const entries = images.map((image, i) => {
    const entry = Buffer.alloc(16);
    entry[0] = sizes[i] % 256;
    entry[1] = sizes[i] % 256;
    entry.writeUInt16LE(1, 4); // colour planes
    entry.writeUInt16LE(32, 6); // bits per pixel
    entry.writeUInt32LE(image.length, 8);
    entry.writeUInt32LE(offset, 12);
    offset += image.length;
    return entry;
  });
  return Buffer.concat([header, ...entries, ...images]);
}

const target = path.join(root, "apps", "web", "src", "app", "favicon.ico");
fs.writeFileSync(target, ico([16, 32, 48]));
console.log(`Wrote ${path.relative(root, target)}.`);
