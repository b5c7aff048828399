import { FieldError } from '@rivet/contracts';
import { CsvError, parse } from 'csv-parse/sync';
import { z } from 'zod';
import { ImportLineError } from './import.entity';

export type ImportKind = 'departments' | 'members';

/** Rivet's own columns of each kind of import. */
export const IMPORT_COLUMNS = {
  departments: ['externalId', 'name', 'parentExternalId', 'headExternalIds'],
  members: [
    'externalId',
    'name',
    'email',
    'phone',
    'departmentExternalIds',
    'title',
    'managerExternalId',
    'hireDate',
    'jobGrade',
  ],
} as const;

export type DepartmentColumn = (typeof IMPORT_COLUMNS.departments)[number];
export type MemberColumn = (typeof IMPORT_COLUMNS.members)[number];

const REQUIRED: Record<ImportKind, readonly string[]> = {
  departments: ['name'],
  members: ['name', 'email'],
};

/** Where each Rivet column's value comes from: the indexes of its source columns. */
export type ColumnPlan = Map<string, number[]>;

export type ImportMapping = Record<string, string | string[]>;

const CSV_OPTIONS = {
  bom: true,
  trim: true,
  skip_empty_lines: true,
  relax_column_count: true,
  relax_quotes: true,
};

/** One data record of the file and the line it ends on (the header is line 1). */
export interface CsvRecord {
  line: number;
  values: string[];
}

/** A CSV that does not parse: the parser's message, which names the line, and that line. */
export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
    this.name = 'CsvSyntaxError';
  }
}

/**
 * Every record of a CSV: the header and the data records with their line
 * numbers. Throws a {@link CsvSyntaxError} when any part of the file does not parse.
 */
export function readCsv(csv: string): { header: string[]; records: CsvRecord[] } {
  let rows: { record: string[]; info: { lines: number } }[];

  try {
    rows = parse(csv, { ...CSV_OPTIONS, info: true }) as typeof rows;
  } catch (err) {
    if (err instanceof CsvError) {
      const line = typeof err.lines === 'number' ? err.lines : 0;

      throw new CsvSyntaxError(
        line,
        /\bline \d+/.test(err.message) ? err.message : `${err.message} (line ${line})`,
      );
    }
    throw err;
  }
  const [head, ...rest] = rows;

  return {
    header: head?.record ?? [],
    records: rest.map((r) => ({ line: r.info.lines, values: r.record })),
  };
}

/**
 * Resolves a mapping against a header. A mapped Rivet column takes the named
 * source column(s); an unmapped one takes the source column of its own name
 * when the header has one. Returns every problem at once.
 */
export function planColumns(
  kind: ImportKind,
  header: string[],
  mapping: ImportMapping,
): { plan: ColumnPlan; errors: FieldError[] } {
  const columns: readonly string[] = IMPORT_COLUMNS[kind];
  const errors: FieldError[] = [];
  const plan: ColumnPlan = new Map();
  const indexOf = new Map<string, number>();

  header.forEach((name, i) => {
    if (name !== '' && !indexOf.has(name)) {
      indexOf.set(name, i);
    }
  });
  if (indexOf.size === 0) {
    errors.push({ field: 'csv', message: 'the file has no header line' });

    return { plan, errors };
  }
  for (const [column, source] of Object.entries(mapping)) {
    if (!columns.includes(column)) {
      errors.push({
        field: `mapping.${column}`,
        message: `is not a column of a ${kind} import (${columns.join(', ')})`,
      });
      continue;
    }
    const sources = Array.isArray(source) ? source : [source];
    const missing = sources.filter((s) => !indexOf.has(s));

    if (missing.length > 0) {
      errors.push({
        field: `mapping.${column}`,
        message: `source column ${missing.map((m) => JSON.stringify(m)).join(', ')} is not in the header`,
      });
      continue;
    }
    plan.set(
      column,
      sources.map((s) => indexOf.get(s) as number),
    );
  }
  for (const column of columns) {
    if (!(column in mapping) && indexOf.has(column)) {
      plan.set(column, [indexOf.get(column) as number]);
    }
  }
  for (const column of REQUIRED[kind]) {
    if (!plan.has(column) && !errors.some((e) => e.field === `mapping.${column}`)) {
      errors.push({
        field: `mapping.${column}`,
        message: `is required: map it to a source column or add a "${column}" column`,
      });
    }
  }

  return { plan, errors };
}

/** The value of one Rivet column in a record: its source values, trimmed, joined by a space. */
export function valueOf(plan: ColumnPlan, column: string, values: string[]): string {
  const sources = plan.get(column);

  if (!sources) {
    return '';
  }
  let out = '';

  for (const i of sources) {
    const v = (values[i] ?? '').trim();

    if (v !== '') {
      out = out === '' ? v : `${out} ${v}`;
    }
  }

  return out;
}

/** A `;`-separated list, trimmed, without empties or repeats. */
export function listOf(value: string): string[] {
  return [
    ...new Set(
      value
        .split(';')
        .map((v) => v.trim())
        .filter((v) => v !== ''),
    ),
  ];
}

export interface DepartmentImportRow {
  line: number;
  externalId: string | null;
  name: string;
  parentExternalId: string | null;
  headExternalIds: string[];
}

export interface MemberImportRow {
  line: number;
  externalId: string | null;
  name: string;
  email: string;
  phone: string | null;
  title: string | null;
  jobGrade: string | null;
  hireDate: string | null;
  managerExternalId: string | null;
  departmentExternalIds: string[];
}

type Checked<T> = { row: T; error?: undefined } | { row?: undefined; error: ImportLineError };

const emailSchema = z.string().email().max(254);
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function tooLong(line: number, column: string, value: string | null, max: number) {
  return value !== null && value.length > max
    ? { line, code: 'invalid_value', detail: `${column} is longer than ${max} characters` }
    : null;
}

function orNull(value: string): string | null {
  return value === '' ? null : value;
}

export function checkDepartmentRow(
  plan: ColumnPlan,
  record: CsvRecord,
): Checked<DepartmentImportRow> {
  const { line, values } = record;
  const row: DepartmentImportRow = {
    line,
    externalId: orNull(valueOf(plan, 'externalId', values)),
    name: valueOf(plan, 'name', values),
    parentExternalId: orNull(valueOf(plan, 'parentExternalId', values)),
    headExternalIds: listOf(valueOf(plan, 'headExternalIds', values)),
  };

  if (row.name === '') {
    return { error: { line, code: 'missing_name', detail: 'name is empty' } };
  }
  const long =
    tooLong(line, 'name', row.name, 200) ?? tooLong(line, 'externalId', row.externalId, 200);

  if (long) {
    return { error: long };
  }
  if (row.parentExternalId !== null && row.parentExternalId === row.externalId) {
    return {
      error: { line, code: 'invalid_parent', detail: 'a department cannot be its own parent' },
    };
  }

  return { row };
}

/** Lower-cases an email and completes one without `@` with the default domain. */
export function normaliseEmail(value: string, emailDomain: string | undefined): string {
  const email = value.trim().toLowerCase();

  if (email !== '' && !email.includes('@') && emailDomain) {
    return `${email}@${emailDomain.toLowerCase().replace(/^@/, '')}`;
  }

  return email;
}

export function checkMemberRow(
  plan: ColumnPlan,
  record: CsvRecord,
  emailDomain: string | undefined,
): Checked<MemberImportRow> {
  const { line, values } = record;
  const row: MemberImportRow = {
    line,
    externalId: orNull(valueOf(plan, 'externalId', values)),
    name: valueOf(plan, 'name', values),
    email: normaliseEmail(valueOf(plan, 'email', values), emailDomain),
    phone: orNull(valueOf(plan, 'phone', values)),
    title: orNull(valueOf(plan, 'title', values)),
    jobGrade: orNull(valueOf(plan, 'jobGrade', values)),
    hireDate: orNull(valueOf(plan, 'hireDate', values)),
    managerExternalId: orNull(valueOf(plan, 'managerExternalId', values)),
    departmentExternalIds: listOf(valueOf(plan, 'departmentExternalIds', values)),
  };

  if (row.name === '') {
    return { error: { line, code: 'missing_name', detail: 'name is empty' } };
  }
  if (row.email === '') {
    return { error: { line, code: 'missing_email', detail: 'email is empty' } };
  }
  if (!emailSchema.safeParse(row.email).success) {
    return {
      error: { line, code: 'invalid_email', detail: `${row.email} is not an email address` },
    };
  }
  if (row.hireDate !== null && !validDate(row.hireDate)) {
    return {
      error: { line, code: 'invalid_date', detail: `hireDate ${row.hireDate} is not YYYY-MM-DD` },
    };
  }
  const long =
    tooLong(line, 'name', row.name, 200) ??
    tooLong(line, 'externalId', row.externalId, 200) ??
    tooLong(line, 'phone', row.phone, 40) ??
    tooLong(line, 'title', row.title, 200) ??
    tooLong(line, 'jobGrade', row.jobGrade, 50);

  if (long) {
    return { error: long };
  }
  if (row.managerExternalId !== null && row.managerExternalId === row.externalId) {
    return {
      error: { line, code: 'invalid_manager', detail: 'a member cannot be its own manager' },
    };
  }

  return { row };
}

function validDate(value: string): boolean {
  if (!ISO_DATE.test(value)) {
    return false;
  }
  const date = new Date(`${value}T00:00:00Z`);

  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}
