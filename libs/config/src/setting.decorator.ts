import 'reflect-metadata';

/** What the settings reference (docs/settings.md) says about one setting. */
export interface SettingDescription {
  name: string;
  group: string;
  description: string;
  /** Never printed or logged: shown as `********`. */
  secret: boolean;
}

const SETTINGS_METADATA = Symbol('pulp:settings');

/** Declares a property of PulpSettings as a user-facing setting. */
export function Setting(group: string, description: string, options: { secret?: boolean } = {}): PropertyDecorator {
  return (target, propertyKey) => {
    const list = (Reflect.getMetadata(SETTINGS_METADATA, target) as SettingDescription[] | undefined) ?? [];
    list.push({ name: String(propertyKey), group, description, secret: options.secret ?? false });
    Reflect.defineMetadata(SETTINGS_METADATA, list, target);
  };
}

/** Every declared setting of a settings class, in declaration order. */
export function describeSettings(settingsClass: abstract new () => object): SettingDescription[] {
  return [
    ...((Reflect.getMetadata(SETTINGS_METADATA, settingsClass.prototype as object) as
      SettingDescription[] | undefined) ?? []),
  ];
}
