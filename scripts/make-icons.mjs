// Draws the app icons (issue 4 §2: 192/512, "any" and "maskable") and writes them as PNG with node:zlib.
// Run: node scripts/make-icons.mjs → public/icons/*.png. The shapes are signed-distance tests, sampled 4×4
// per pixel for smooth edges. A USB token (body, connector, key ring hole) in white on the theme blue.
import { deflateSync } from 'node:zlib';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const THEME = [0x1d, 0x4e, 0xd8]; // #1d4ed8, the manifest's theme_color
const WHITE = [0xff, 0xff, 0xff];
const CONNECTOR = [0xc7, 0xd2, 0xfe];
const OUT_DIR = join(dirname(fileURLToPath(import.meta.url)), '../public/icons');

// --- PNG encoding (PNG spec §5: signature, IHDR, IDAT, IEND; CRC-32 over type + data) ---
const CRC_TABLE = new Uint32Array(256).map((_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'ascii');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}
function encodePng(size, rgba) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // colour type RGBA
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0; // filter: none
    rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// --- Shapes in unit coordinates (0..1), negative distance = inside ---
function roundedRect(x, y, cx, cy, hw, hh, r) {
  const qx = Math.abs(x - cx) - hw + r;
  const qy = Math.abs(y - cy) - hh + r;
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
}
function circle(x, y, cx, cy, r) {
  return Math.hypot(x - cx, y - cy) - r;
}

/** Colour of one sample point, or null for transparent. `scale` shrinks the token into the maskable safe zone. */
function sample(x, y, maskable) {
  const background = maskable ? -1 : roundedRect(x, y, 0.5, 0.5, 0.5, 0.5, 0.22);
  if (background > 0) return null;
  const s = maskable ? 0.72 : 0.9; // maskable: keep the token inside the 80% safe circle
  const u = 0.5 + (x - 0.5) / s;
  const v = 0.5 + (y - 0.5) / s;
  const connector = roundedRect(u, v, 0.5, 0.2, 0.11, 0.1, 0.02);
  const contactA = roundedRect(u, v, 0.455, 0.17, 0.025, 0.03, 0.005);
  const contactB = roundedRect(u, v, 0.545, 0.17, 0.025, 0.03, 0.005);
  const body = roundedRect(u, v, 0.5, 0.56, 0.2, 0.3, 0.08);
  const ring = circle(u, v, 0.5, 0.72, 0.06);
  const led = circle(u, v, 0.5, 0.44, 0.035);
  if (body <= 0 && ring > 0 && led > 0) return WHITE;
  if (led <= 0) return THEME;
  if (connector <= 0 && contactA > 0 && contactB > 0) return CONNECTOR;
  return THEME;
}

function draw(size, maskable) {
  const rgba = Buffer.alloc(size * size * 4);
  const n = 4;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0, g = 0, b = 0, a = 0;
      for (let sy = 0; sy < n; sy++) {
        for (let sx = 0; sx < n; sx++) {
          const colour = sample((px + (sx + 0.5) / n) / size, (py + (sy + 0.5) / n) / size, maskable);
          if (!colour) continue;
          r += colour[0]; g += colour[1]; b += colour[2]; a += 1;
        }
      }
      const o = (py * size + px) * 4;
      if (a > 0) {
        rgba[o] = Math.round(r / a);
        rgba[o + 1] = Math.round(g / a);
        rgba[o + 2] = Math.round(b / a);
        rgba[o + 3] = Math.round((255 * a) / (n * n));
      }
    }
  }
  return encodePng(size, rgba);
}

mkdirSync(OUT_DIR, { recursive: true });
for (const size of [192, 512]) {
  writeFileSync(join(OUT_DIR, `icon-${size}.png`), draw(size, false));
  writeFileSync(join(OUT_DIR, `maskable-${size}.png`), draw(size, true));
}
process.stdout.write(`icons written to ${OUT_DIR}\n`);
