import { nodeCrypto } from '../node-crypto';
import type { Archive } from '../archive/archive';
import { ApiError } from '../../shared/api/errors';
import { readLink, removeLink, storeToken, updateLink, writeLink } from './link';
import { ServerApi } from './server-api';
import { syncOnce, type SyncReport } from './engine';

/**
 * Joins this desktop's archive to a newsroom: signs in to the server as `name`, remembers the
 * server and this desktop's id there, queues the whole archive, and syncs once. A laptop may
 * keep only the newest `keepYears` of articles (search stays local, over what it keeps). Joining the
 * newsroom it already belongs to only signs in again; another newsroom must be left first.
 */
export async function joinNewsroom(
  archive: Archive,
  url: string,
  name: string,
  password: string,
  keepYears: number | null = null,
): Promise<SyncReport> {
  const before = readLink(archive.db);
  const device = before?.device ?? nodeCrypto().randomUUID();
  const session = await new ServerApi(url).signIn(name, password, device);
  if (before && before.serverId !== session.server) throw new ApiError('SYNC_OTHER_SERVER', { url });
  const now = new Date().toISOString();
  archive.write(() => {
    writeLink(archive.db, { serverUrl: new ServerApi(url).url, serverId: session.server, device, account: session.account.name }, now);
    storeToken(archive.db, session.account.name, session.token, now);
    updateLink(archive.db, { keepYears });
  });
  return syncOnce(archive);
}

/** Signs an account of this desktop in to the newsroom, so its changes can go out under its name. */
export async function signInToNewsroom(archive: Archive, name: string, password: string): Promise<void> {
  const link = readLink(archive.db);
  if (!link) throw new ApiError('SYNC_NOT_JOINED');
  const session = await new ServerApi(link.serverUrl).signIn(name, password, link.device);
  archive.write(() => storeToken(archive.db, session.account.name, session.token, new Date().toISOString()));
}

export function leaveNewsroom(archive: Archive): void {
  archive.write(() => removeLink(archive.db));
}
