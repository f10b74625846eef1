// The workspace's settings as the detector's settings.
import type { Settings } from '../../../../contract';
import type { PartialFatigueSettings } from '../../../domain/fatigue';

export const ALARM_SETTINGS: Record<Settings['fatigueAlarm'], PartialFatigueSettings> = {
  strict: { cusumThreshold: 12, significance: 0.9999 },
  sensitive: {},
};

export function detectorSettings(s: Settings): PartialFatigueSettings {
  return ALARM_SETTINGS[s.fatigueAlarm];
}
