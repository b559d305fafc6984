import type { ServerMigration } from './types';

/**
 * Desktops by name: a conflict or a check-out names the person and the machine ("王丙全 on
 * 编辑部-3"), so the desk that signs in says what the machine is called. Records and locks keep
 * the device's id; its name is looked up when they are sent.
 */
export const deviceNames: ServerMigration = {
  version: 20,
  name: 'device-names',
  async up(tx) {
    await tx.exec(`
      CREATE TABLE devices (
        id text PRIMARY KEY,
        name text NOT NULL,
        seen_at timestamptz NOT NULL DEFAULT now()
      );
    `);
  },
};
