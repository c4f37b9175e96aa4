import { createHash } from 'crypto';

// OpenPGP is a binary format: its lengths, tags and checksum are bit fields.
/* eslint-disable no-bitwise */

/**
 * The v4 fingerprint of the first public key in an ASCII-armored OpenPGP block (RFC 4880 12.2:
 * SHA-1 of 0x99, the two-octet length and the public-key packet body), after checking the
 * armor's CRC-24.
 */
export function openPgpFingerprint(armored: string): string {
  const lines = armored.split('\n').map(l => l.trim());
  const begin = lines.indexOf('-----BEGIN PGP PUBLIC KEY BLOCK-----');
  const body: string[] = [];
  let i = lines.indexOf('', begin) + 1; // armor headers end at the first empty line
  let checksum = '';
  for (; i < lines.length && !lines[i].startsWith('-----END'); i++) {
    if (lines[i].startsWith('=')) checksum = lines[i].slice(1);
    else body.push(lines[i]);
  }
  const data = Buffer.from(body.join(''), 'base64');
  if (crc24(data) !== Buffer.from(checksum, 'base64').readUIntBE(0, 3)) throw new Error('armor checksum (CRC-24) does not match');
  const header = data[0];
  if ((header & 0x80) === 0) throw new Error('not an OpenPGP packet');
  let tag: number; let length: number; let offset: number;
  if (header & 0x40) { // new format
    tag = header & 0x3f;
    const first = data[1];
    if (first < 192) {
      length = first; offset = 2;
    } else if (first < 224) {
      length = ((first - 192) << 8) + data[2] + 192; offset = 3;
    } else {
      length = data.readUInt32BE(2); offset = 6;
    }
  } else { // old format
    tag = (header >> 2) & 0x0f;
    const type = header & 0x03;
    const size = [1, 2, 4][type];
    length = data.readUIntBE(1, size);
    offset = 1 + size;
  }
  if (tag !== 6) throw new Error(`packet tag ${tag}, not a public key (6)`);
  const packet = data.subarray(offset, offset + length);
  if (packet[0] !== 4) throw new Error(`key version ${packet[0]}, not 4`);
  const prefix = Buffer.from([0x99, (length >> 8) & 0xff, length & 0xff]);
  return createHash('sha1').update(prefix).update(packet).digest('hex').toUpperCase();
}

function crc24(data: Buffer): number {
  let crc = 0xb704ce;
  for (const byte of data) {
    crc ^= byte << 16;
    for (let b = 0; b < 8; b++) {
      crc <<= 1;
      if (crc & 0x1000000) crc ^= 0x1864cfb;
    }
  }
  return crc & 0xffffff;
}
