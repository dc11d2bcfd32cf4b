import { DynamicModule, Module } from '@nestjs/common';
import { MIVA_CLIENT_DEFAULTS, MivaClientDefaults, MivaClientFactory } from './miva-client.factory';

/** Exposes MivaClientFactory; the protocol code itself stays free of Nest. */
@Module({
  providers: [MivaClientFactory],
  exports: [MivaClientFactory],
})
export class MivaModule {
  /** The same module with client defaults (timeouts, retries, pacing) for every store. */
  static withDefaults(defaults: MivaClientDefaults): DynamicModule {
    return {
      module: MivaModule,
      providers: [{ provide: MIVA_CLIENT_DEFAULTS, useValue: defaults }, MivaClientFactory],
      exports: [MivaClientFactory],
    };
  }
}
