import type * as Crypto from 'node:crypto';

/**
 * Node's crypto module, loaded the first time it is used. Loading it takes a command-line process
 * about 6 ms, and most commands (a listing, a search) never need it (issue 18: a command under
 * 100 ms). The modules that hash, sign in or make ids call `nodeCrypto()` instead of importing it.
 */
let loaded: typeof Crypto | undefined;

export function nodeCrypto(): typeof Crypto {
  return (loaded ??= process.getBuiltinModule('node:crypto'));
}
