import { AppServices } from '../../electron/services/app-services';
import type { tempFolders } from './temp';

/** The app's services on a fresh archive in a temp folder, closed with the folder's cleanup. */
export function openServices(temp: ReturnType<typeof tempFolders>): AppServices {
  const services = AppServices.open(temp.folder());
  temp.onCleanup(() => services.close());
  return services;
}
