import { nodeCrypto } from '../node-crypto';
import type { ScryptOptions } from 'node:crypto';

/**
 * Passwords are kept as scrypt hashes (Node's own, memory-hard): `scrypt$N$r$p$salt$hash`,
 * salt and hash in base64. N = 2^15 and r = 8 take 32 MB and about a tenth of a second a try,
 * which is nothing for a person signing in and a great deal for someone guessing.
 */
const PARAMS = { N: 2 ** 15, r: 8, p: 1 } as const;
const KEY_BYTES = 32;

function derive(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    nodeCrypto().scrypt(
      password.normalize('NFC'),
      salt,
      KEY_BYTES,
      { ...options, maxmem: 128 * options.N! * options.r! * 2 },
      (error, key) => (error ? reject(error) : resolve(key)),
    ),
  );
}

export async function hashPassword(password: string): Promise<string> {
  const salt = nodeCrypto().randomBytes(16);
  const key = await derive(password, salt, PARAMS);
  return ['scrypt', PARAMS.N, PARAMS.r, PARAMS.p, salt.toString('base64'), key.toString('base64')].join('$');
}

/** Does the password match the stored hash? False for a hash in any other form. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [kind, n, r, p, salt, hash] = stored.split('$');
  if (kind !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const key = await derive(password, Buffer.from(salt, 'base64'), { N: Number(n), r: Number(r), p: Number(p) });
  return key.length === expected.length && nodeCrypto().timingSafeEqual(key, expected);
}

/** A hash of no one's password, checked when a name is unknown, so that both take as long. */
let decoy: Promise<string> | undefined;
export function decoyHash(): Promise<string> {
  decoy ??= hashPassword(nodeCrypto().randomBytes(12).toString('base64'));
  return decoy;
}
