import { Module } from '@nestjs/common';
import { AdminGrantRepository } from './admin-grant.repository';
import { GrantHandler } from './grant.handler';

@Module({
  controllers: [GrantHandler],
  providers: [AdminGrantRepository],
  exports: [AdminGrantRepository],
})
export class GrantsModule {}
