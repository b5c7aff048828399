import { PipeTransform } from '@nestjs/common';
import { RivetError } from '@rivet/contracts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Lets only UUIDs through; anything else is a record that cannot exist, so 404. */
export class UuidPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!UUID.test(value)) {
      throw RivetError.notFound('the resource');
    }

    return value.toLowerCase();
  }
}
