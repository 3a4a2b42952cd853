import { z } from 'zod';
import type { ConfigProblem } from './config-error';

/**
 * A part of a function's configuration that several functions share (the storage names, the lease, the mail
 * sender, …): the variables it reads, each with its zod schema, and what the function gets from them.
 */
export interface ConfigPiece<Shape extends z.ZodRawShape = z.ZodRawShape, Value = unknown> {
  readonly shape: Shape;
  readonly read: (values: z.output<z.ZodObject<Shape>>) => Value;
  /** Rules across variables (one of two must be set); each problem names the variable to set. */
  readonly check?: (values: z.output<z.ZodObject<Shape>>) => readonly ConfigProblem[];
}

export function configPiece<Shape extends z.ZodRawShape, Value>(
  shape: Shape,
  read: (values: z.output<z.ZodObject<Shape>>) => Value,
  check?: (values: z.output<z.ZodObject<Shape>>) => readonly ConfigProblem[],
): ConfigPiece<Shape, Value> {
  return { shape, read, check };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any piece, whatever its shape
type AnyPiece = ConfigPiece<any, any>;
type UnionToIntersection<U> = (U extends unknown ? (value: U) => void : never) extends (value: infer I) => void ? I : never;
type Flatten<T> = { [K in keyof T]: T[K] };

/** What a function built from these pieces gets: every piece's value, side by side. */
export type ConfigOf<Pieces extends readonly AnyPiece[]> = Flatten<UnionToIntersection<ReturnType<Pieces[number]['read']>>>;

/**
 * One function's configuration schema, from the pieces it needs: one zod object over the environment (every
 * variable of every piece), whose output is the pieces' values side by side. A variable two pieces read must pass
 * both pieces' rules.
 */
export function configSchema<const Pieces extends readonly AnyPiece[]>(...pieces: Pieces): z.ZodType<ConfigOf<Pieces>, Record<string, string>> {
  const shape: Record<string, z.ZodType> = {};
  for (const piece of pieces) {
    for (const [variable, field] of Object.entries(piece.shape as Record<string, z.ZodType>)) {
      const earlier = shape[variable];
      shape[variable] = earlier ? both(earlier, field) : field;
    }
  }
  return z
    .object(shape)
    .superRefine((values, ctx) => {
      for (const piece of pieces) {
        for (const { variable, message } of piece.check?.(values) ?? []) ctx.addIssue({ code: 'custom', path: [variable], message });
      }
    })
    .transform((values) => Object.assign({}, ...pieces.map((piece) => piece.read(values))) as ConfigOf<Pieces>) as unknown as z.ZodType<
    ConfigOf<Pieces>,
    Record<string, string>
  >;
}

/** A variable two pieces read: it must pass both, and may be unset only if both allow that. */
function both(first: z.ZodType, second: z.ZodType): z.ZodType {
  const joint = z.intersection(first, second);
  return first.safeParse(undefined).success && second.safeParse(undefined).success ? joint.optional() : joint;
}
