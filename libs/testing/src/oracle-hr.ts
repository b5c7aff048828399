import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { repositoryRoot } from './service-process';

/**
 * The public Oracle HR sample from the workplace's shared data, beside the
 * repository (`<repo>/../shared/data/oracle-hr`); absent in a plain clone.
 */
export const ORACLE_HR_DIR = resolve(repositoryRoot, '../shared/data/oracle-hr');

export const oracleHrAvailable = existsSync(resolve(ORACLE_HR_DIR, 'employees.csv'));

if (!oracleHrAvailable) {
  process.stderr.write(`Oracle HR tests skipped: ${ORACLE_HR_DIR} is absent\n`);
}

/** One of the sample's files, unedited. */
export function oracleHrFile(name: 'departments.csv' | 'employees.csv'): string {
  return readFileSync(resolve(ORACLE_HR_DIR, name), 'utf8');
}

/** How the sample's columns map to Rivet's, as an administrator would give them. */
export const ORACLE_HR_DEPARTMENT_MAPPING = {
  externalId: 'department_id',
  name: 'department_name',
  headExternalIds: 'manager_id',
};

export const ORACLE_HR_MEMBER_MAPPING = {
  externalId: 'employee_id',
  name: ['first_name', 'last_name'],
  email: 'email',
  phone: 'phone_number',
  departmentExternalIds: 'department_id',
  title: 'job_id',
  managerExternalId: 'manager_id',
  hireDate: 'hire_date',
};
