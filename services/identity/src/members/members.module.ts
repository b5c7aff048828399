import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { SessionsModule } from '../sessions/sessions.module';
import { MemberEventsConsumer } from './member-events.consumer';

@Module({
  imports: [AccountsModule, SessionsModule],
  providers: [MemberEventsConsumer],
})
export class MembersModule {}
