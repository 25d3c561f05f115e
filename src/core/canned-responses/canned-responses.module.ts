import { Module } from '@nestjs/common';
import { CannedResponseRepository } from './canned-response.repository';
import { CannedResponseService } from './canned-response.service';

/** Saved replies for the agent console. The repository stays private to this module. */
@Module({
  providers: [CannedResponseRepository, CannedResponseService],
  exports: [CannedResponseService],
})
export class CannedResponsesModule {}
