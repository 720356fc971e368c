import type { AppId } from '../apps';
import type { AppSetting } from '../app-setting';
import type { AppStepsEntry } from '../entry';
import { ANDROID } from './android';
import { APPLE } from './apple';
import { EM_CLIENT } from './em-client';
import { OUTLOOK_OTHER } from './outlook-other';
import { OUTLOOK_WINDOWS } from './outlook-windows';
import { SENDING_DEVICE } from './sending-device';
import { THUNDERBIRD } from './thunderbird';

/** Every app's steps, one entry per app and setting. */
export const APP_STEPS: readonly AppStepsEntry[] = [...OUTLOOK_WINDOWS, ...OUTLOOK_OTHER, ...APPLE, ...THUNDERBIRD, ...ANDROID, ...EM_CLIENT, ...SENDING_DEVICE];

export function entryFor(app: AppId, setting: AppSetting): AppStepsEntry | undefined {
  return APP_STEPS.find((e) => e.app === app && e.setting === setting);
}
