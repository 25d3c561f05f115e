import { Module } from '@nestjs/common';
import { RoutingRepository } from './routing.repository';
import { RoutingService } from './routing.service';

@Module({ providers: [RoutingRepository, RoutingService], exports: [RoutingService] })
export class RoutingModule {}
