import * as z from 'zod/mini';

const bandName = z.strictObject({
  key: z.string().check(z.regex(/^[a-z][a-z0-9_]{0,31}$/, 'must be a lower-case slug such as "premium"')),
  label: z.string().check(z.trim(), z.minLength(1), z.maxLength(60)),
});

const dimensionBands = z
  .strictObject({
    mode: z.enum(['fixed', 'quantile']),
    names: z.tuple([bandName, bandName, bandName]),
    thresholds: z.tuple([z.number().check(z.gte(0)), z.number().check(z.gte(0))]),
  })
  .check(
    z.refine((bands) => bands.thresholds[0] < bands.thresholds[1], { message: 'thresholds must be increasing', path: ['thresholds'] }),
    z.refine((bands) => bands.mode === 'fixed' || bands.thresholds[1] < 1, {
      message: 'quantile thresholds are fractions between 0 and 1',
      path: ['thresholds'],
    }),
    z.refine((bands) => new Set(bands.names.map((name) => name.key)).size === 3, { message: 'band keys must differ', path: ['names'] }),
  );

const cutpoints = z
  .tuple([z.number(), z.number(), z.number(), z.number()])
  .check(z.refine((cuts) => cuts.every((cut, index) => index === 0 || cut >= cuts[index - 1]!), { message: 'cut points must not decrease' }));

export const rfmConfigSchema = z
  .strictObject({
    windowDays: z.nullable(z.int().check(z.gte(1), z.lte(3650))),
    bands: z.strictObject({ r: dimensionBands, f: dimensionBands, m: dimensionBands }),
    scoreMode: z.enum(['quantile', 'fixed']),
    scoreCutpoints: z.optional(z.strictObject({ r: cutpoints, f: cutpoints, m: cutpoints })),
  })
  .check(
    z.refine((config) => config.scoreMode === 'quantile' || config.scoreCutpoints !== undefined, {
      message: 'fixed score mode needs scoreCutpoints',
      path: ['scoreCutpoints'],
    }),
  );
