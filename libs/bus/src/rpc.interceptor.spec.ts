import { RivetError } from '@rivet/contracts';
import { QueryFailedError } from 'typeorm';
import { toWireError } from './rpc.interceptor';

function pgError(code: string): QueryFailedError {
  return new QueryFailedError('SELECT 1', [], Object.assign(new Error('pg'), { code }));
}

describe('toWireError', () => {
  it('keeps the code of a RivetError', () => {
    expect(toWireError(new RivetError('not_found', 'no such member')).code).toBe('not_found');
  });

  it.each([
    ['23505', 'conflict'],
    ['23503', 'conflict'],
    ['22021', 'validation_failed'],
    ['22P02', 'validation_failed'],
    ['40P01', 'conflict'],
    ['40001', 'conflict'],
    ['53300', 'internal'],
  ])('maps Postgres error %s to %s', (pg, code) => {
    expect(toWireError(pgError(pg)).code).toBe(code);
  });

  it('hides the message of anything unknown', () => {
    const wire = toWireError(new Error('password=hunter2 in a stack'));

    expect(wire).toEqual({ code: 'internal', detail: 'an internal error occurred' });
  });
});
