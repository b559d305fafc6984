import Database from 'better-sqlite3';
import { ApiError } from '../../shared/api/errors';

/**
 * The one place SQLite connections are made. better-sqlite3 (13 and later) is a Node-API
 * module and ships prebuilt binaries for Linux, macOS and Windows on x64 and arm64 in its npm
 * package: one binary, with no NODE_MODULE_VERSION of its own, serves Node (the command line,
 * the browser host, the tests) and Electron's main process alike, so nothing is rebuilt for
 * Electron. Should the module not load (a platform without a binary, a damaged install, a
 * build from another runtime) the error says so in words instead of a stack trace.
 */
export type Connection = Database.Database;

/**
 * What went wrong loading the native module, as a translated error; undefined when the error
 * is about the database file instead. Node's own messages are matched: "…compiled against a
 * different Node.js version using NODE_MODULE_VERSION 115. This version of Node.js requires
 * NODE_MODULE_VERSION 137…", "Cannot find module '…better_sqlite3.node'", the loader's
 * "invalid ELF header" and the like.
 */
export function moduleProblem(error: unknown): ApiError | undefined {
  const message = error instanceof Error ? error.message : String(error);
  const abi = /NODE_MODULE_VERSION (\d+)\.[\s\S]*?requires\s+NODE_MODULE_VERSION (\d+)/u.exec(message);
  if (abi) return new ApiError('SQLITE_MODULE_WRONG_ABI', { found: Number(abi[1]), needed: Number(abi[2]) });
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'MODULE_NOT_FOUND' && message.includes('better_sqlite3.node')) {
    return new ApiError('SQLITE_MODULE_MISSING', { platform: `${process.platform}-${process.arch}` });
  }
  if (
    code === 'ERR_DLOPEN_FAILED' ||
    /invalid ELF header|not a valid Win32 application|mach-o|wrong ELF class|Node-API version|did not self-register/iu.test(message)
  ) {
    return new ApiError('SQLITE_MODULE_UNUSABLE', { reason: message.split('\n')[0] ?? message });
  }
  return undefined;
}

/** Opens a connection; a native module that will not load is a translated ApiError. */
export function openDatabase(file: string, options: Database.Options = {}): Connection {
  try {
    return new Database(file, options);
  } catch (error) {
    throw moduleProblem(error) ?? error;
  }
}
